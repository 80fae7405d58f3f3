using System.Security.Cryptography;
using System.Text;

namespace Platform.Stacks.Plan;

/// <summary>
/// How the plan shows a long text input (a script, user data, chart values): its length and its SHA-256 in
/// full, never an abbreviation, so two plans differ exactly when the texts do. <c>diff</c> shows the text's
/// own unified diff; <c>scripts STACK DIR</c> writes the scripts out.
/// </summary>
public static class TextDigest
{
    /// <summary>SHA-256 of the UTF-8 text, lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>Lines as an editor counts them: a last line without a newline counts, a final newline adds none.</summary>
    public static int Lines(string text) => text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);

    /// <summary>"52-line script, sha256 3f…(64 hex)": what the plan shows of a text of that kind.</summary>
    public static string Of(string text, string kind) => $"{Lines(text)}-line {kind}, sha256 {Sha256(text)}";

    public const string Script = "script";
    public const string CloudConfig = "cloud-config";
    public const string Yaml = "YAML document";
}

using System.Collections.Concurrent;

namespace Platform.Stacks.Plan;

/// <summary>
/// The literal bash of the generated scripts: <c>.sh</c> files in a <c>Scripts/</c> folder beside the C# that
/// composes them (<c>stacks/Vault/Scripts/client.sh</c>, …), embedded in this assembly under their path in
/// <c>stacks/</c> (Stacks.csproj), so that the program needs no file beside it. An editor and shellcheck read each
/// file directly; <see cref="ShellScript"/> composes them after a header of the plan's values.
/// </summary>
/// <remarks>
/// A file opens with a preamble that ends at its first empty line: the shebang, shellcheck directives if any, what
/// the file is and which C# composes it, and a <c>declare</c> of the variables the script's header or an earlier
/// part sets, so that shellcheck checks the file alone (its line numbers are the file's) and still reports a
/// variable nobody sets. The preamble is not part of the script; everything after it is, byte for byte.
/// </remarks>
public static partial class ScriptFiles
{
    private static readonly System.Reflection.Assembly Assembly = typeof(ScriptFiles).Assembly;
    private static readonly ConcurrentDictionary<string, string> Bodies = new(StringComparer.Ordinal);

    /// <summary>Every embedded script file, by its path in <c>stacks/</c> with '/' separators.</summary>
    public static IReadOnlyList<string> Paths { get; } =
        [.. Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sh", StringComparison.Ordinal)).Select(n => n.Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>The script text of a file (what follows its preamble), e.g. <c>Read("Vault/Scripts/client.sh")</c>.</summary>
    public static string Read(string path) => Bodies.GetOrAdd(path, p => Split(p, Source(p)).Body);

    /// <summary>The whole file, preamble included: what an editor shows.</summary>
    public static string Source(string path)
    {
        var name = Assembly.GetManifestResourceNames().FirstOrDefault(n => n.Replace('\\', '/') == path)
            ?? throw new ArgumentException($"no script file {path} in stacks/ (an embedded .sh: Stacks.csproj)", nameof(path));
        using var stream = Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A file's preamble and body. The preamble is the shebang, then comment lines and <c>declare</c> lines that only name
    /// variables (a declare may go on over lines that end with a backslash), up to the first
    /// empty line; anything else there would be code silently dropped from the script, so it is refused.
    /// </summary>
    public static (string Preamble, string Body) Split(string path, string text)
    {
        if (text.Contains('\r')) throw new InvalidDataException($"{path}: carriage returns (the file must have Unix line ends)");
        if (!text.StartsWith("#!/usr/bin/env bash\n", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: a script file starts with #!/usr/bin/env bash (its preamble: ScriptFiles)");
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException($"{path}: no empty line ends the preamble (ScriptFiles)");
        var preamble = text[..(end + 1)];
        // A declare continued on the next line (a trailing backslash) is one line.
        // A declare names variables and nothing else: a value (declare -a kinds=(…)) or a command after it (declare x; …)
        // would be checked by shellcheck and never run.
        var code = preamble.Replace("\\\n", " ").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(l => !l.StartsWith('#') && !Declare().IsMatch(l));
        if (code is not null) throw new InvalidDataException($"{path}: the preamble holds '{code}', which the script would never run: end the preamble with an empty line before it");
        var body = text[(end + 2)..];
        if (body.Length == 0 || body.StartsWith('\n') || !body.EndsWith('\n') || body.EndsWith("\n\n", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: one empty line after the preamble, and the script ends with exactly one line end");
        return (preamble, body);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^declare(?: -[aA])?(?: +[a-z_][a-z0-9_]*)+ *$")]
    private static partial System.Text.RegularExpressions.Regex Declare();
}

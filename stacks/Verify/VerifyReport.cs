using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Stacks.Verify;

/// <summary>The result of a run: one line per check (what, expected, found) and a summary; text or JSON.</summary>
public sealed record VerifyReport(string Stack, IReadOnlyList<CheckResult> Checks, TimeSpan Elapsed, string CloudflareRangesTaken)
{
    public int Passed => Checks.Count(c => c.Outcome == Outcome.Passed);
    public int Failed => Checks.Count(c => c.Outcome == Outcome.Failed);
    public int Skipped => Checks.Count(c => c.Outcome == Outcome.Skipped);

    /// <summary>0 when nothing failed (skipped checks are listed, not failures), 1 when one did.</summary>
    public int ExitCode => Failed == 0 ? 0 : 1;

    public string Summary =>
        $"{Stack}: {Checks.Count} checks, {Passed} passed, {Failed} failed, {Skipped} skipped in {Elapsed.TotalSeconds:0.00} s";

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var c in Checks)
        {
            var tag = c.Outcome switch { Outcome.Passed => "PASS", Outcome.Failed => "FAIL", _ => "SKIP" };
            text.AppendLine($"{tag} {c.Check,-7} {c.What}: expected {c.Expected}; found {c.Found}");
        }
        text.AppendLine(Summary);
        if (Checks.Any(c => c.Check == VerifyOptions.Dns))
            text.AppendLine($"(Cloudflare's address ranges as taken on {CloudflareRangesTaken}: stacks/Verify/cloudflare-ips.txt)");
        return text.ToString();
    }

    /// <summary>Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): failures first.</summary>
    public string ToMarkdown()
    {
        static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
        var md = new StringBuilder($"### verify {Stack}: {(Failed == 0 ? "passed" : "FAILED")}\n\n{Summary}\n\n| | check | what | expected | found |\n|---|---|---|---|---|\n");
        foreach (var c in Checks.OrderBy(c => c.Outcome switch { Outcome.Failed => 0, Outcome.Skipped => 1, _ => 2 }))
            md.AppendLine($"| {(c.Outcome switch { Outcome.Passed => "✅", Outcome.Failed => "❌", _ => "⏭" })} | {c.Check} | {Cell(c.What)} | {Cell(c.Expected)} | {Cell(c.Found)} |");
        return md.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        stack = Stack,
        passed = Passed,
        failed = Failed,
        skipped = Skipped,
        seconds = Math.Round(Elapsed.TotalSeconds, 3),
        cloudflareRangesTaken = CloudflareRangesTaken,
        checks = Checks,
    }, Json) + "\n";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

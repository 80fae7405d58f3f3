using System.Text;
using Platform.Cli;

namespace Platform.Cli.Verify;

/// <summary>A check none of whose probes reached its server: it could not run (exit 2), said in one line, not one per probe.</summary>
public sealed record UnreachableCheck(string Check, string Server, string Why, int Probes)
{
    public override string ToString() =>
        $"cannot verify {Check}: {Server} could not be reached ({Why}; {Probes} of {Probes} probe{(Probes == 1 ? "" : "s")}){Hint}";

    private string Hint => Check == VerifyOptions.Dns ? ". Check the network, or the address given to --nameserver." : ". Check the network, or run verify from where the platform is reachable.";
}

/// <summary>
/// The result of a run: one line per check (what, expected, found) and a summary; text, JSON or Markdown. A
/// check whose every probe failed to reach its server is not in <see cref="Checks"/> but in
/// <see cref="CannotReach"/>: it did not run, and the exit code is 2, not 1.
/// </summary>
public sealed record VerifyReport
{
    public VerifyReport(string stack, IReadOnlyList<CheckResult> results, TimeSpan elapsed, string cloudflareRangesTaken)
    {
        Stack = stack;
        Results = results;
        Elapsed = elapsed;
        CloudflareRangesTaken = cloudflareRangesTaken;
        CannotReach = results.GroupBy(c => c.Check)
            .Where(g => g.All(c => c is { Outcome: Outcome.Failed, Unreachable: not null }))
            .Select(g => new UnreachableCheck(g.Key, string.Join(", ", g.Select(c => c.Unreachable).Distinct()), Reason(g.Select(c => c.Found)), g.Count()))
            .ToList();
        Checks = results.Where(c => CannotReach.All(u => u.Check != c.Check)).ToList();
    }

    public string Stack { get; }
    public IReadOnlyList<CheckResult> Checks { get; }

    /// <summary>Every probe's line, those of the checks that could not run included.</summary>
    public IReadOnlyList<CheckResult> Results { get; }
    public IReadOnlyList<UnreachableCheck> CannotReach { get; }
    public TimeSpan Elapsed { get; }
    public string CloudflareRangesTaken { get; }

    public int Passed => Checks.Count(c => c.Outcome == Outcome.Passed);
    public int Failed => Checks.Count(c => c.Outcome == Outcome.Failed);
    public int Skipped => Checks.Count(c => c.Outcome == Outcome.Skipped);

    /// <summary>2 when a check could not reach its server, else 1 when a check failed, else 0 (skipped checks are listed, not failures).</summary>
    public int ExitCode => CannotReach.Count > 0 ? CommandLine.Unusable : Failed > 0 ? CommandLine.Problems : CommandLine.Ok;

    public string Summary =>
        $"{Stack}: {Checks.Count} checks, {Passed} passed, {Failed} failed, {Skipped} skipped in {Elapsed.TotalSeconds:0.00} s" +
        (CannotReach.Count == 0 ? "" : $"; could not run: {string.Join(", ", CannotReach.Select(u => u.Check))}");

    /// <summary>The reason the probes gave, once: the same words with the record or URL left out.</summary>
    private static string Reason(IEnumerable<string> found)
    {
        var reasons = found.Select(f => f.StartsWith("unreachable: ", StringComparison.Ordinal) ? f["unreachable: ".Length..] : f).Distinct().ToList();
        return reasons.Count == 1 ? reasons[0] : $"{reasons[0]}, and {reasons.Count - 1} other answer{(reasons.Count == 2 ? "" : "s")} like it";
    }

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var c in Checks)
        {
            var tag = c.Outcome switch { Outcome.Passed => "PASS", Outcome.Failed => "FAIL", _ => "SKIP" };
            text.AppendLine($"{tag} {c.Check,-7} {c.Label}: expected {c.Expected}; found {c.Found}");
        }
        text.AppendLine(Summary);
        if (Checks.Any(c => c.Check == VerifyOptions.Dns))
            text.AppendLine($"(Cloudflare's address ranges as taken on {CloudflareRangesTaken}: cli/Verify/cloudflare-ips.txt)");
        return text.ToString();
    }

    /// <summary>Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): failures first.</summary>
    public string ToMarkdown()
    {
        var verdict = CannotReach.Count > 0 ? "COULD NOT RUN" : Failed == 0 ? "passed" : "FAILED";
        var md = new StringBuilder($"### verify {Stack}: {verdict}\n\n{Summary}\n\n");
        foreach (var u in CannotReach)
            md.AppendLine($"- ⛔ {Markdown.Cell(u.ToString())}").AppendLine();
        md.Append("| | check | what | expected | found |\n|---|---|---|---|---|\n");
        foreach (var c in Checks.OrderBy(c => c.Outcome switch { Outcome.Failed => 0, Outcome.Skipped => 1, _ => 2 }))
            md.AppendLine($"| {(c.Outcome switch { Outcome.Passed => "✅", Outcome.Failed => "❌", _ => "⏭" })} | {c.Check} | {Markdown.Cell(c.Label)} | {Markdown.Cell(c.Expected)} | {Markdown.Cell(c.Found)} |");
        return md.ToString();
    }

    public string ToJson() => JsonOutput.Write("verify", Stack, ExitCode, w =>
    {
        w.WriteNumber("passed", Passed);
        w.WriteNumber("failed", Failed);
        w.WriteNumber("skipped", Skipped);
        w.WriteNumber("seconds", Math.Round(Elapsed.TotalSeconds, 3));
        w.WriteString("cloudflareRangesTaken", CloudflareRangesTaken);
        w.WriteStartArray("checks");
        foreach (var c in Checks)
        {
            w.WriteStartObject();
            w.WriteString("check", c.Check);
            w.WriteString("what", c.What);
            JsonOutput.StringOrNull(w, "configKey", c.ConfigKey);
            w.WriteString("expected", c.Expected);
            w.WriteString("found", c.Found);
            w.WriteString("outcome", c.Outcome.ToString().ToLowerInvariant());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("cannotReach");
        foreach (var u in CannotReach)
        {
            w.WriteStartObject();
            w.WriteString("check", u.Check);
            w.WriteString("server", u.Server);
            w.WriteString("reason", u.Why);
            w.WriteNumber("probes", u.Probes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });
}

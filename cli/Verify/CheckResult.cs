namespace Platform.Cli.Verify;

public enum Outcome { Passed, Failed, Skipped }

/// <summary>
/// One line of the report: which check, what it looked at (and the config key it comes from, when one does),
/// what the plan expects, what the platform answered. <see cref="Unreachable"/> names the server a failed line
/// could not reach at all (no answer, refused, no route): when every line of a check says so, the check could
/// not run, which is not the same as the platform failing it.
/// </summary>
public sealed record CheckResult(string Check, string What, string Expected, string Found, Outcome Outcome)
{
    public string? ConfigKey { get; init; }
    public string? Unreachable { get; init; }

    /// <summary>What, with its config key: the text and Markdown reports' first column.</summary>
    public string Label => ConfigKey is null ? What : $"{What} ({ConfigKey})";

    public static CheckResult Pass(string check, string what, string expected, string found) => new(check, what, expected, found, Outcome.Passed);
    public static CheckResult Fail(string check, string what, string expected, string found) => new(check, what, expected, found, Outcome.Failed);
    public static CheckResult Skip(string check, string what, string expected, string why) => new(check, what, expected, why, Outcome.Skipped);
}

/// <summary>
/// One probe of the live platform, run concurrently with the others; it returns its line, never throws.
/// <see cref="Server"/> is what it talks to (a nameserver, a host), named when it cannot be reached.
/// </summary>
public sealed record Probe(string Check, string What, string Expected, Func<CancellationToken, Task<CheckResult>> Run)
{
    public string? ConfigKey { get; init; }
    public string? Server { get; init; }
}

/// <summary>The command cannot run at all (no nameserver reachable, no network): exit 2, not a failed check.</summary>
public sealed class CannotVerifyException(string message) : Exception(message);

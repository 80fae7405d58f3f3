namespace Platform.Stacks.Verify;

public enum Outcome { Passed, Failed, Skipped }

/// <summary>One line of the report: which check, what it looked at, what the plan expects, what the platform answered.</summary>
public sealed record CheckResult(string Check, string What, string Expected, string Found, Outcome Outcome)
{
    public static CheckResult Pass(string check, string what, string expected, string found) => new(check, what, expected, found, Outcome.Passed);
    public static CheckResult Fail(string check, string what, string expected, string found) => new(check, what, expected, found, Outcome.Failed);
    public static CheckResult Skip(string check, string what, string expected, string why) => new(check, what, expected, why, Outcome.Skipped);
}

/// <summary>One probe of the live platform, run concurrently with the others; it returns its line, never throws.</summary>
public sealed record Probe(string Check, string What, string Expected, Func<CancellationToken, Task<CheckResult>> Run);

/// <summary>The command cannot run at all (no nameserver reachable, no network): exit 2, not a failed check.</summary>
public sealed class CannotVerifyException(string message) : Exception(message);

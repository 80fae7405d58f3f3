using Platform.Tests.Shared;
using System.Diagnostics;

namespace Platform.Stacks.Tests.Verify;

/// <summary>Progress is for a person at a terminal; a pipe or a file (CI, --json) gets the report alone.</summary>
public class ProgressTests
{
    private static readonly string Stacks = Path.Combine(AppContext.BaseDirectory, "platform.dll");

    private static string Run(bool terminal)
    {
        var command = $"dotnet '{Stacks}' verify production --only vault --dir '{Stack.RepoRoot}'";
        // util-linux `script` gives the command a pseudo-terminal, as an operator's shell would.
        var start = terminal ? new ProcessStartInfo("script", ["-qec", command, "/dev/null"]) : new ProcessStartInfo("bash", ["-c", command]);
        // Through ChildProcess: stdin an empty pipe, not the test runner's (which `script` would copy to the terminal).
        return ChildProcess.Run(start).Stdout;
    }

    [TerminalFact]
    public void A_terminal_sees_progress_and_a_pipe_does_not()
    {
        var terminal = Run(terminal: true);
        var piped = Run(terminal: false);

        Assert.Contains("verifying production: 1/1 checks done", terminal);
        Assert.Contains("SKIP vault", terminal);
        Assert.DoesNotContain("verifying", piped);
        Assert.StartsWith("SKIP vault", piped);
    }
}

/// <summary>Needs util-linux's <c>script</c> (Debian's essential bsdutils) to make a terminal: skipped, with the reason, without it.</summary>
public sealed class TerminalFactAttribute : FactAttribute
{
    public TerminalFactAttribute()
    {
        if (!File.Exists("/usr/bin/script")) Skip = "/usr/bin/script (bsdutils) is missing: no pseudo-terminal for the progress test";
    }
}

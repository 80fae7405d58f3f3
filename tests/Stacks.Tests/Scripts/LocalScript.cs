using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// Runs a generated local step the way pulumi-command's local Command runs it on the deploy runner
/// (interpreter <c>bash -c</c>, the inputs on stdin): its exit code, standard output and standard error.
/// </summary>
public static class LocalScript
{
    public static (int Exit, string Output, string Error) Run(string script, string stdin = "", string? path = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("bash", ["-c", script]);
        if (path is not null) info.Environment["PATH"] = path;
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        var run = ChildProcess.Run(info, stdin);
        return (run.ExitCode, run.Stdout, run.Stderr);
    }
}

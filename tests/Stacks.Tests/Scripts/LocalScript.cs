using System.Diagnostics;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// Runs a generated local step the way pulumi-command's local Command runs it on the deploy runner
/// (interpreter <c>bash -c</c>, the inputs on stdin): its exit code, standard output and standard error.
/// </summary>
public static class LocalScript
{
    public static (int Exit, string Output, string Error) Run(string script, string stdin = "", string? path = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (path is not null) info.Environment["PATH"] = path;
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        using var p = Process.Start(info)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result, error);
    }
}

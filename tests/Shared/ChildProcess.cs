using System.Diagnostics;

namespace Platform.Tests.Shared;

/// <summary>
/// Runs a child process for a test: its exit code, standard output and standard error. Both outputs are
/// read while the input is written (a child that prints more than a pipe holds before reading never
/// deadlocks), and a child that exits without reading its input (<c>command -v curl</c>) is not an error:
/// the write then fails with EPIPE, which says nothing about the child; its exit code does.
/// </summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(ProcessStartInfo info, string stdin = "", TimeSpan? timeout = null)
    {
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // Broken pipe: the child exited (or closed its stdin) before reading all of it.
        }
        // Only a hang guard (as the suite's --blame-hang-timeout): never a limit a slow, busy machine could reach.
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} did not finish in {limit.TotalSeconds:0} s");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}

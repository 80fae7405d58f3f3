using System.Diagnostics;
using Platform.Stacks.Config;

namespace Platform.Cli.Diff;

/// <summary>Runs a tool to its end: exit code and both outputs, standard input closed.</summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// With <paramref name="output"/>, standard output goes there (binary: an archive) instead of the result. A tool
    /// that cannot be started at all is a ConfigException (exit 2) saying so and <paramref name="whatToDo"/>.
    /// </summary>
    public static Result Run(string fileName, string directory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        Stream? output = null, string whatToDo = "install it, or put it on PATH.")
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new ConfigException($"{fileName} could not be started ({e.Message}): {whatToDo}"); }
        using var _ = process;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = "";
        if (output is null) stdout = process.StandardOutput.ReadToEnd();
        else process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return new Result(process.ExitCode, stdout, stderr.Result);
    }
}

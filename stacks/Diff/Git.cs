using System.Diagnostics;
using Platform.Stacks.Config;

namespace Platform.Stacks.Diff;

/// <summary>Runs a tool to its end: exit code and both outputs, standard input closed.</summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>With <paramref name="output"/>, standard output goes there (binary: an archive) instead of the result.</summary>
    public static Result Run(string fileName, string directory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        Stream? output = null)
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
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = "";
        if (output is null) stdout = process.StandardOutput.ReadToEnd();
        else process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return new Result(process.ExitCode, stdout, stderr.Result);
    }
}

/// <summary>
/// The few read-only git commands <c>diff --base REF</c> needs, run in the project folder. None of them writes
/// the operator's working tree, index or refs (GIT_OPTIONAL_LOCKS=0 keeps even git diff from refreshing the index).
/// </summary>
public sealed class Git(string directory)
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["GIT_OPTIONAL_LOCKS"] = "0", ["LC_ALL"] = "C", ["GIT_TERMINAL_PROMPT"] = "0",
    };

    public Tool.Result Run(params string[] args) => Run(args, output: null);

    public Tool.Result Run(string[] args, Stream? output)
    {
        try { return Tool.Run("git", directory, args, Environment, output); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ConfigException($"--base REF runs git, which could not be started ({e.Message}): install git, or give --base a folder holding the base's stack files.");
        }
    }

    public string? Line(params string[] args) => Run(args) is { ExitCode: 0 } r ? r.Stdout.TrimEnd('\n') : null;
}

using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>
/// Runs a script of .ci/ the way a workflow step does (bash, from the repository root, inputs in the environment),
/// with labelled FAKE commands first on PATH for what cannot run here (GitHub's API through `gh`, the Pulumi CLI,
/// a TCP connection to a host). Each fake records its call, one line per call, `name` then its arguments
/// shell-quoted, in <see cref="Calls"/>, and models only the behaviour its test names.
/// </summary>
public sealed class CiScript : IDisposable
{
    public static readonly string Root = Path.GetDirectoryName(Path.GetDirectoryName(Workflow.Folder))!;

    private readonly Dictionary<string, string> _environment = new();

    public CiScript()
    {
        Directory.CreateDirectory(Bin);
        File.WriteAllText(CallLog, "");
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("ci-script-").FullName;
    private string Bin => Path.Combine(Dir, "bin");
    private string CallLog => Path.Combine(Dir, "calls.log");

    /// <summary>A FAKE <paramref name="name"/> on PATH: records its call, then runs <paramref name="body"/> (bash).</summary>
    public CiScript Fake(string name, string body)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, $$"""
            #!/usr/bin/env bash
            # FAKE {{name}} for a Delivery test: records its call, then does only what the test wrote below.
            { printf '%s' {{name}}; printf ' %q' "$@"; echo; } >> '{{CallLog}}'
            {{body}}
            """);
        if (!OperatingSystem.IsWindows()) // bash scripts: these tests run where bash does
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return this;
    }

    public CiScript Env(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>A file of the test's own folder, written now; returns its path.</summary>
    public string File_(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public ChildProcess.Result Run(string script, params string[] arguments) => RunIn(Root, script, arguments);

    public ChildProcess.Result RunIn(string workingDirectory, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(Root, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PATH"] = $"{Bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["TMPDIR"] = Dir;
        foreach (var name in new[] { "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_REF", "CI", "GITHUB_ACTIONS" })
            start.Environment.Remove(name);
        start.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(Dir, "summary.md");
        start.Environment["GITHUB_OUTPUT"] = Path.Combine(Dir, "output.txt");
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        return ChildProcess.Run(start, timeout: TimeSpan.FromMinutes(5));
    }

    public IReadOnlyList<string> Calls => File.ReadAllLines(CallLog);
    public string Summary => File.Exists(Path.Combine(Dir, "summary.md")) ? File.ReadAllText(Path.Combine(Dir, "summary.md")) : "";
    public string Output => File.Exists(Path.Combine(Dir, "output.txt")) ? File.ReadAllText(Path.Combine(Dir, "output.txt")) : "";

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>A real git repository: a base commit, a commit merged on main, and one on a branch that never merged.</summary>
public sealed class History : IDisposable
{
    public History()
    {
        Git("init", "-q", "-b", "main");
        Base = Commit("base");
        OnMain = Commit("merged change");
        Git("checkout", "-q", "-b", "side");
        OnBranch = Commit("unmerged change");
        Git("checkout", "-q", "main");
    }

    public string Dir { get; } = Directory.CreateTempSubdirectory("promotion-repo-").FullName;
    public string Base { get; }
    public string OnMain { get; }
    public string OnBranch { get; }

    private string Commit(string message)
    {
        Git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    private string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Dir };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var run = ChildProcess.Run(start);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

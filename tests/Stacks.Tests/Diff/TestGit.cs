using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Diff;

/// <summary>git in a test repository, with a fixed identity and no signing; a failure fails the test with git's message.</summary>
internal static class TestGit
{
    public static string Git(string dir, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = dir };
        foreach (var a in new[] { "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false" }.Concat(args))
            info.ArgumentList.Add(a);
        var r = ChildProcess.Run(info);
        Assert.True(r.ExitCode == 0, $"git {string.Join(" ", args)}: {r.Stderr}");
        return r.Stdout;
    }
}

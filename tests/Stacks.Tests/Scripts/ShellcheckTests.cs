using Platform.Tests.Shared;
using System.Diagnostics;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// Every generated script passes shellcheck. shellcheck is a requirement of this suite: .ci/test.sh
/// installs it from Debian when missing; without it these tests fail, they never pass silently.
/// </summary>
public class ShellcheckTests
{
    [Theory]
    [MemberData(nameof(GeneratedScripts.All), MemberType = typeof(GeneratedScripts))]
    public void Passes_shellcheck(string stack, string script)
    {
        var path = Path.Combine(Path.GetTempPath(), $"platform-{stack}-{script}-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, GeneratedScripts.Text(stack, script));
        try
        {
            var (exit, output) = Run("shellcheck", "--shell=bash", "--severity=style", path);
            Assert.True(exit == 0, $"shellcheck on {stack}/{script}:\n{output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file);
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            // Both outputs read at once (ChildProcess): reading one to its end first deadlocks once the other fills its pipe.
            var run = ChildProcess.Run(info);
            return (run.ExitCode, run.Stdout + run.Stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("shellcheck is not installed: run `apt-get install -y shellcheck` (.ci/test.sh does it for you).");
        }
    }
}

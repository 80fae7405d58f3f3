using Platform.Tests.Shared;
using System.Diagnostics;

using Platform.Stacks;

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

    /// <summary>The scripts the steps install on a host (in a quoted heredoc, which shellcheck does not read as code).</summary>
    public static TheoryData<string, string> Installed()
    {
        var data = new TheoryData<string, string>();
        foreach (var stack in new[] { "staging", "production" })
        {
            var plan = GeneratedScripts.Plan(stack);
            foreach (var host in plan.Backups.Hosts)
                data.Add($"{stack}/{host.CommandName}: {Platform.Stacks.Backup.BackupScripts.ToolPath}",
                    Platform.Stacks.Backup.BackupScripts.Tool(host.Host.HostName, plan.Backups.Target, host.Vault ? new Platform.Stacks.Vault.VaultTarget(host.Host.PrivateIp) : null, host.K3s));
            data.Add($"{stack}/vault-tls: {Platform.Stacks.Vault.VaultTarget.RenewScript}", Platform.Stacks.Vault.VaultHostScripts.Renewal(plan.Vault.Target));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Installed))]
    public void What_the_steps_install_passes_shellcheck(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"platform-installed-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, text);
        try
        {
            var (exit, output) = Run("shellcheck", "--shell=bash", "--severity=style", path);
            Assert.True(exit == 0, $"shellcheck on {name}:\n{output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static (int Exit, string Output) Run(string file, params string[] args)
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

namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// Every script a stack runs is executed by a test class, not only shellchecked. A new script fails here until
/// a class runs it (tests/README.md, "Adding a script") and says so below.
/// </summary>
public class ExecutionCoverageTests
{
    /// <summary>Which class runs which scripts, by logical name (a '*' stands for a server's name).</summary>
    private static readonly (string Pattern, Type RunBy)[] Executed =
    [
        ("k3s-install", typeof(K3sScriptTests)),
        ("k3s-kubeconfig", typeof(K3sScriptTests)),
        ("*-vlan", typeof(HostScriptTests)),
        ("*-host", typeof(HostScriptTests)),
        // The Hetzner bucket steps run on the deploy runner against a real Ceph RGW (tests/Stacks.Tests/Storage/CephRgw.cs).
        ("*-bucket", typeof(Storage.HetznerBucketScriptTests)),
        ("*-cors", typeof(Storage.HetznerBucketScriptTests)),
        // Every Vault step runs in each `up` of the Vault scenarios, against a fake Vault API (tests/Stacks.Tests/Vault).
        ("vault-*", typeof(Vault.VaultDayOneTests)),
        // The backup steps run on the Vault lab's host, uploading to the real Ceph RGW (tests/Stacks.Tests/Backup).
        ("backup-*", typeof(Backup.BackupScriptTests)),
        // The IC custom-domain registration runs on the deploy runner against a fake of the documented service.
        ("ic-*-register", typeof(Dns.IcRegistrationScriptTests)),
    ];

    [Fact]
    public void Every_script_of_both_stacks_is_executed_by_a_test()
    {
        var unexecuted = new[] { "staging", "production" }
            .SelectMany(stack => GeneratedScripts.Of(GeneratedScripts.Plan(stack)).Select(s => $"{stack}/{s.Name}"))
            .Where(n => !Executed.Any(e => Matches(e.Pattern, n.Split('/')[1])))
            .ToList();

        Assert.True(unexecuted.Count == 0, "scripts no test executes (see tests/README.md): " + string.Join(", ", unexecuted));
    }

    private static bool Matches(string pattern, string name) =>
        pattern.Contains('*')
            ? name.StartsWith(pattern[..pattern.IndexOf('*')], StringComparison.Ordinal) && name.EndsWith(pattern[(pattern.IndexOf('*') + 1)..], StringComparison.Ordinal)
            : name == pattern;
}

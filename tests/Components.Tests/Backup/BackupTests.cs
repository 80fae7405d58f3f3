using System.Collections.Immutable;
using System.Text.Json;
using Platform.Components.Backup;
using Platform.Components.Hetzner;
using Platform.Stacks.Backup;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Pulumi;

namespace Platform.Components.Tests.Backup;

/// <summary>The backups as the program registers them (the scripts run in tests/Stacks.Tests/Backup).</summary>
[Collection(PulumiCollection.Name)]
public sealed class BackupTests
{
    /// <summary>The production component alone, its host reached at the dedicated server's known address, every option recorded.</summary>
    private static Task<PulumiTest> Production() => PulumiTest.Components("production", (plan, test) =>
    {
        var key = Output.CreateSecret("test private key");
        var host = new DedicatedHost(plan.Dedicated!, key);
        var backups = new Backups(plan.Backups, h => new SshAccess(h.PublicIp!, h.SshUser, key, host.Vlan), _ => host.Vlan, test.Recording);
        return new Dictionary<string, object?>
        {
            ["readCredentials"] = backups.ReadCredentials, ["encryptionKey"] = backups.EncryptionKey, ["endpoint"] = backups.Endpoint,
        };
    });

    [Fact]
    public async Task The_bucket_deletes_each_backup_after_the_retention_and_keeps_the_multipart_abort()
    {
        var test = await PulumiTest.Program("production");
        var plan = PulumiTest.Plan("production").Backups;

        var lifecycle = test.Named(plan.LifecycleName);
        Assert.Equal(R2BucketPlan.LifecycleRuleId, lifecycle.Text("rules.0.id"));
        Assert.Equal(7 * 24 * 3600.0, lifecycle.At("rules.0.abortMultipartUploadsTransition.condition.maxAge"));
        Assert.Equal(BackupPlan.RetentionRuleId, lifecycle.Text("rules.1.id"));
        Assert.Equal(true, lifecycle.At("rules.1.enabled"));
        Assert.Equal("", lifecycle.Text("rules.1.conditions.prefix"));
        Assert.Equal("Age", lifecycle.Text("rules.1.deleteObjectsTransition.condition.type"));
        Assert.Equal(30 * 24 * 3600.0, lifecycle.At("rules.1.deleteObjectsTransition.condition.maxAge"));
    }

    [Fact]
    public async Task The_hosts_may_read_and_write_the_backup_bucket_only_and_verify_only_read_it()
    {
        var test = await PulumiTest.Program("production");
        var plan = PulumiTest.Plan("production").Backups;

        foreach (var (token, group) in new[] { (plan.WriterName, R2BucketPlan.ObjectReadWritePermissionGroup), (plan.ReaderName, R2BucketPlan.ObjectReadPermissionGroup) })
        {
            var registered = test.Named(token);
            Assert.Equal(group, registered.Text("policies.0.permissionGroups.0.id"));
            Assert.Equal([plan.TokenResource], JsonSerializer.Deserialize<Dictionary<string, string>>(registered.Text("policies.0.resources")!)!.Keys);
        }
        Assert.EndsWith("_default_hwdao-production-backups", plan.TokenResource);
    }

    [Fact]
    public async Task The_bucket_is_protected_and_retained_in_production_and_its_credentials_are_secrets()
    {
        var test = await Production();
        var plan = PulumiTest.Plan("production").Backups;

        Assert.True(test.OptionsOf(plan.BucketName).Protect);
        Assert.True(test.OptionsOf(plan.BucketName).RetainOnDelete);
        Assert.True(await Output.IsSecretAsync((Output<ImmutableDictionary<string, string>>)test.Outputs["readCredentials"]!));
        Assert.True(await Output.IsSecretAsync((Output<string>)test.Outputs["encryptionKey"]!));
        Assert.False(await Output.IsSecretAsync((Output<string>)test.Outputs["endpoint"]!));
    }

    [Fact]
    public async Task The_host_step_gets_the_writer_key_and_the_passphrase_on_stdin_only()
    {
        var test = await Production();
        var host = PulumiTest.Plan("production").Backups.Hosts.Single();

        var step = test.Named(host.CommandName);
        Assert.Equal(host.Script, step.Text("create"));
        var names = step.Text("stdin")!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]);
        Assert.Equal(host.Inputs, names);
        Assert.Contains("stdout", test.OptionsOf(host.CommandName).AdditionalSecretOutputs);
        Assert.DoesNotContain(BackupScripts.SecretKeyInput + "=", host.Script);
    }
}

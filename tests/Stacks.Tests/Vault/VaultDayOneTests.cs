using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>Day one from nothing, and the same `up` again: the plan's Vault scripts on a test host, against the fake Vault API.</summary>
public sealed class VaultDayOneTests
{
    [HostFact]
    public async Task Staging_day_one_ends_unsealed_with_the_root_token_revoked_and_every_later_step_as_the_deployer()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);

        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.False(lab.Vault.Sealed);
        Assert.Equal(1, lab.Vault.InitCalls);
        Assert.False(lab.Vault.TokenValid(lab.Vault.RootToken!));
        var revoked = lab.Vault.Log.FindIndex(r => r.Path == "auth/token/revoke-self" && r.Who == "root");
        Assert.True(revoked > 0);
        Assert.DoesNotContain(lab.Vault.Log.Skip(revoked + 1), r => r.Who == "root" && r.Status < 300);
        Assert.All(lab.Vault.Log.Skip(revoked + 1).Where(r => r.Path.StartsWith("secret/") || r.Path.StartsWith("sys/policies/") || r.Path.Contains("/role")),
            r => Assert.Equal($"{VaultNames.Deployer},default", r.Who));
    }

    [HostFact]
    public async Task The_secrets_arrive_byte_for_byte_and_the_credential_files_are_root_only()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        lab.Values["platform:stripeSecretKey"] = "sk_live_'quote\" $(rm -rf /) `id` \\ trailing newline\n";

        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        var secret = lab.Vault.Kv["hello-world/app-credentials"][^1];
        Assert.Equal("sk_live_'quote\" $(rm -rf /) `id` \\ trailing newline\n", secret["stripe_secret_key"]);
        Assert.Equal(4, secret.Count);
        Assert.Equal(lab.Value(new SecretSource.Config("platform:certbotCloudflareToken")), lab.Vault.Kv["infra/certbot/cloudflare"][^1]["api_token"]);
        foreach (var (role, files) in new[]
                 {
                     ("apps/hello-world", $"{VaultTarget.CredentialsDir}/app-hello-world"),
                     ("approle/certbot-nats", $"{VaultTarget.CredentialsDir}/certbot-nats"),
                     ("approle/platform-backup", VaultTarget.BackupCredentials),
                 })
        {
            Assert.Equal(lab.Vault.Roles[role].RoleId, lab.Host.Read($"{files}-role-id"));
            Assert.Contains(lab.Host.Read($"{files}-secret-id")!, lab.Vault.Roles[role].SecretIds);
            if (!OperatingSystem.IsWindows()) // hosts exist only on Linux; the guard is for the platform analyzer
                Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(lab.Host.HostPath($"{files}-secret-id")));
        }
        Assert.Equal(lab.Host.Read(VaultTarget.CaCert), lab.Host.Read($"{VaultTarget.CredentialsDir}/vault-ca.crt"));
        Assert.Equal(["5m", "10m"], new[] { "token_ttl", "token_max_ttl" }.Select(k => lab.Vault.Roles["approle/certbot-nats"].Settings[k]!.GetValue<string>()));
    }

    [HostFact]
    public async Task The_same_up_twice_changes_nothing_and_every_step_run_again_changes_nothing()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);
        var versions = lab.Vault.Kv.ToDictionary(k => k.Key, k => k.Value.Count);
        var secretIds = lab.Vault.Roles.ToDictionary(r => r.Key, r => r.Value.SecretIds.Count);
        var files = lab.Host.Snapshot();

        Assert.True(lab.Up().Succeeded);
        Assert.Empty(lab.Ran);

        // Re-running every step that may re-run (all but init and deployer) is harmless too.
        foreach (var step in lab.Steps().Where(s => !s.Policy.IgnoredChanges.Contains("create")))
            lab.RunStep(step).Succeeded();
        Assert.Equal(versions, lab.Vault.Kv.ToDictionary(k => k.Key, k => k.Value.Count));
        Assert.Equal(secretIds, lab.Vault.Roles.ToDictionary(r => r.Key, r => r.Value.SecretIds.Count));
        Assert.DoesNotContain(files.Diff(lab.Host.Snapshot()), d => !d.Contains("/var/lib/fake-"));
        Assert.Equal(1, lab.Vault.InitCalls);
        Assert.False(lab.Vault.Sealed);
    }
}

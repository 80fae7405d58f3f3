using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>Day one from nothing, and the same `up` again: the plan's Vault scripts against the fake Vault API.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VaultDayOneTests
{
    [Fact]
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
        Assert.All(lab.Vault.Log.Skip(revoked + 1).Where(r => r.Path.StartsWith("secret/") || r.Path.StartsWith("sys/policies/") || r.Path.StartsWith("auth/approle/role")),
            r => Assert.Equal($"{VaultNames.Deployer},default", r.Who));
    }

    [Fact]
    public async Task The_secrets_arrive_byte_for_byte_and_the_credential_files_are_root_only()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        lab.Values["platform:stripeSecretKey"] = "sk_live_'quote\" $(rm -rf /) `id` \\ trailing newline\n";

        Assert.True(lab.Up().Succeeded);

        var secret = lab.Vault.Kv["hello-world/app-credentials"][^1];
        Assert.Equal("sk_live_'quote\" $(rm -rf /) `id` \\ trailing newline\n", secret["stripe_secret_key"]);
        Assert.Equal(4, secret.Count);
        Assert.Equal(lab.Values.GetValueOrDefault("x") ?? lab.Value(new SecretSource.Config("platform:certbotCloudflareToken")), lab.Vault.Kv["infra/certbot/cloudflare"][^1]["api_token"]);
        foreach (var role in new[] { "app-hello-world", "certbot-nats" })
        {
            var roleId = Path.Combine(lab.Target.CredentialsDir, $"{role}-role-id");
            var secretId = Path.Combine(lab.Target.CredentialsDir, $"{role}-secret-id");
            Assert.Equal(lab.Vault.Roles[role].RoleId, File.ReadAllText(roleId));
            Assert.Contains(File.ReadAllText(secretId), lab.Vault.Roles[role].SecretIds);
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(secretId));
        }
        Assert.Equal(File.ReadAllText(lab.Target.CaCert), File.ReadAllText(Path.Combine(lab.Target.CredentialsDir, "vault-ca.crt")));
        Assert.Equal(["5m", "10m"], new[] { "token_ttl", "token_max_ttl" }.Select(k => lab.Vault.Roles["certbot-nats"].Settings[k]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_same_up_twice_changes_nothing_and_every_step_run_again_changes_nothing()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);
        var versions = lab.Vault.Kv.ToDictionary(k => k.Key, k => k.Value.Count);
        var secretIds = lab.Vault.Roles.ToDictionary(r => r.Key, r => r.Value.SecretIds.Count);
        var files = Directory.GetFiles(lab.Target.CredentialsDir).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        Assert.True(lab.Up().Succeeded);
        Assert.Empty(lab.Ran);

        // Re-running every step that may re-run (all but init and deployer) is harmless too.
        foreach (var step in lab.Steps().Where(s => !s.Policy.IgnoredChanges.Contains("create")))
        {
            var run = lab.RunStep(step);
            Assert.True(run.Exit == 0, $"{step.Name}: {run.Stderr}");
        }
        Assert.Equal(versions, lab.Vault.Kv.ToDictionary(k => k.Key, k => k.Value.Count));
        Assert.Equal(secretIds, lab.Vault.Roles.ToDictionary(r => r.Key, r => r.Value.SecretIds.Count));
        Assert.Equal(files, Directory.GetFiles(lab.Target.CredentialsDir).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Equal(1, lab.Vault.InitCalls);
    }
}

using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>What the Vault scripts say, where the text itself is the point (the runs are in the other Vault tests).</summary>
public sealed class VaultScriptTextTests
{
    private static IEnumerable<(string Name, string Text)> VaultScripts(string stack) =>
        GeneratedScripts.Of(Stack.Load(stack).Plan()).Where(s => s.Name.StartsWith("vault-"));

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void No_step_uses_the_vault_cli_and_every_call_verifies_vaults_ca(string stack)
    {
        foreach (var (name, text) in VaultScripts(stack).Where(s => s.Name is not "vault-tls" and not "vault-install"))
        {
            // Defect 1: `vault operator unseal -` takes "-" as the key (command/operator_unseal.go): no CLI at all.
            Assert.DoesNotMatch(@"(^|\s)vault\s", text.Replace("vault_", ""));
            Assert.Contains("--cacert \"$vault_ca\"", text);
            Assert.Contains($"vault_ca='{VaultTarget.CaCert}'", text);
            Assert.DoesNotContain("--insecure", text);
            Assert.DoesNotContain(" -k ", text);
        }
    }

    [Fact]
    public void Production_init_sends_the_operators_keys_to_the_api_as_base64_and_staging_sends_none()
    {
        var production = GeneratedScripts.Text("production", "vault-init");

        Assert.Contains("\"secret_shares\":5,\"secret_threshold\":3,\"pgp_keys\":[\"mQENB", production);
        Assert.DoesNotContain("keybase:", production);
        Assert.DoesNotContain("pgp_keys", GeneratedScripts.Text("staging", "vault-init"));
    }

    [Fact]
    public void A_vault_upgrade_or_config_change_runs_the_unseal_step_again()
    {
        var before = Stack.Staging.Plan().Vault.Step(VaultStepKind.Unseal).Script;
        var after = Stack.Staging.Set("platform:vault.version", "1.19.0").Plan().Vault.Step(VaultStepKind.Unseal).Script;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void The_deployer_policy_reaches_only_the_platforms_paths()
    {
        var paths = System.Text.RegularExpressions.Regex.Matches(VaultNames.DeployerPolicy, "path \"([^\"]+)\"").Select(m => m.Groups[1].Value);
        string[] Credentials(string role) => [$"{role}/role-id", $"{role}/secret-id", $"{role}/secret-id/lookup"];

        Assert.Equal(
        [
            "secret/data/*", "auth/apps/role", "auth/apps/role/+", .. Credentials("auth/apps/role/+"),
            "sys/policies/acl/certbot-nats", "auth/approle/role/certbot-nats", .. Credentials("auth/approle/role/certbot-nats"),
            .. Credentials("auth/approle/role/platform-backup"),
        ], paths);
        // It writes and patches secrets but never deletes or destroys them: removing an app loses nothing.
        Assert.DoesNotContain("\"delete\"", VaultNames.DeployerPolicy.Split("auth/")[0]);
        // No sudo, no policy but certbot's, no role outside the apps mount but certbot's.
        Assert.DoesNotContain("sudo", VaultNames.DeployerPolicy);
    }

    [Fact]
    public void Every_value_the_deployer_may_write_is_pinned_to_what_the_configure_step_writes()
    {
        var rules = FakeVaultAcl.Parse(VaultNames.DeployerPolicy).ToDictionary(r => r.Path);

        Assert.Equal(VaultNames.AppRoleSettings.ToDictionary(kv => kv.Key, kv => new List<string> { kv.Value }), rules["auth/apps/role/+"].Allowed);
        Assert.Equal(VaultNames.CertbotRoleSettings.ToDictionary(kv => kv.Key, kv => new List<string> { kv.Value }), rules["auth/approle/role/certbot-nats"].Allowed);
        Assert.Equal([VaultNames.CertbotPolicy], rules["sys/policies/acl/certbot-nats"].Allowed!["policy"]);
        Assert.All(rules.Where(r => r.Key.EndsWith("/secret-id")), r => Assert.Equal(["*"], r.Value.Denied!.Keys));
    }

    [Fact]
    public void The_configure_step_has_certbots_role_and_policy_from_the_checklist()
    {
        var script = GeneratedScripts.Text("production", "vault-configure");

        Assert.Contains("\"token_policies\":\"certbot-nats\",\"token_ttl\":\"5m\",\"token_max_ttl\":\"10m\"", script);
        Assert.Contains("path \\u0022secret/data/infra/certbot/cloudflare\\u0022 {\\n  capabilities = [\\u0022read\\u0022]", script);
    }
}

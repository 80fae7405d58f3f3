using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// Issue 18, point 1: whoever reads the deployer's credentials (Pulumi's state, the runner) must not become
/// root. The attack of the issue, and every variant the deployer policy has to refuse, run against the fake
/// Vault, whose ACL enforces path priority, templated paths and parameter constraints as Vault documents them
/// (<see cref="FakeVaultAcl"/>). The same attack succeeds against the same fake with the deployer policy of
/// before the issue: the fake can show an escalation, so its refusal now means something.
/// </summary>
public sealed class VaultEscalationTests
{
    /// <summary>What the attacker wants: every path, with sudo.</summary>
    private const string RootPolicy = "path \"*\" {\n  capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\", \"sudo\"]\n}\n";

    /// <summary>
    /// The issue's escalation, by every road the API offers a deployer: write a policy granting everything (as a
    /// new app policy, or over certbot's or the app policy), bind it or another platform policy to a role (a new
    /// one, an app's, certbot's, through a role's field endpoint), mint a secret-id, log in, and use root's powers
    /// (enable an auth method: sudo; rewrite the deployer's own policy). True when any road ends as root.
    /// </summary>
    private static async Task<bool> BecomesRoot(VaultLab lab, VaultClient deployer)
    {
        foreach (var policy in new[] { "app-evil", VaultNames.CertbotRole, VaultNames.AppPolicyName, "evil" })
            await deployer.Send("PUT", $"sys/policies/acl/{policy}", new { policy = RootPolicy });
        var bodies = new object[]
        {
            new { token_policies = "app-evil" },
            new { token_policies = new[] { "app-evil" } },
            new { token_policies = "root" },
            new { token_policies = new[] { VaultNames.AppPolicyName, VaultNames.Deployer } },
            new { token_policies = $"{VaultNames.AppPolicyName},{VaultNames.Deployer}" },
            new { token_policies = VaultNames.AppPolicyName, policies = VaultNames.Deployer },
            new { token_policies = VaultNames.CertbotRole + "," + VaultNames.Deployer, token_ttl = "5m", token_max_ttl = "10m" },
        };
        var roles = new[]
        {
            $"auth/{VaultNames.SystemMount}/role/app-evil", $"auth/{VaultNames.SystemMount}/role/evil",
            $"auth/{VaultNames.AppsMount}/role/evil", $"auth/{VaultNames.AppsMount}/role/hello-world",
            $"auth/{VaultNames.SystemMount}/role/{VaultNames.CertbotRole}", $"auth/{VaultNames.SystemMount}/role/{VaultNames.Backup}",
        };
        foreach (var role in roles)
        {
            foreach (var body in bodies)
                await deployer.Send("POST", role, body);
            await deployer.Send("POST", $"{role}/policies", new { token_policies = VaultNames.Deployer });
            var roleId = await deployer.Send("GET", $"{role}/role-id");
            // A secret-id whose metadata claims another role's name, then a plain one.
            foreach (var secretBody in new object?[] { new { metadata = "{\"role_name\":\"infra\"}" }, null })
            {
                var secretId = await deployer.Send("POST", $"{role}/secret-id", secretBody);
                if (roleId.Status != 200 || secretId.Status != 200) continue;
                var mount = role.Split('/')[1];
                var login = await new VaultClient(lab.Vault).Send("POST", $"auth/{mount}/login",
                    new { role_id = roleId.Body!["data"]!["role_id"]!.GetValue<string>(), secret_id = secretId.Body!["data"]!["secret_id"]!.GetValue<string>() });
                if (login.Status != 200) continue;
                var minted = new VaultClient(lab.Vault, login.Body!["auth"]!["client_token"]!.GetValue<string>());
                if ((await minted.Send("POST", "sys/auth/evil", new { type = "approle" })).Status < 300
                    || (await minted.Send("PUT", $"sys/policies/acl/{VaultNames.Deployer}", new { policy = RootPolicy })).Status < 300)
                    return true;
            }
        }
        return (await deployer.Send("POST", "sys/auth/evil", new { type = "approle" })).Status < 300;
    }

    [HostFact]
    public async Task The_deployer_cannot_write_a_policy_or_role_that_grants_more_than_an_apps_own_secrets()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);
        var policies = lab.Vault.Policies.ToDictionary(p => p.Key, p => p.Value);
        var deployer = await VaultClient.Deployer(lab);

        Assert.False(await BecomesRoot(lab, deployer));

        Assert.Equal(policies, lab.Vault.Policies);
        Assert.DoesNotContain("evil/", lab.Vault.Auths.Keys);
        Assert.All(lab.Vault.Roles.Where(r => r.Key.StartsWith($"{VaultNames.AppsMount}/")), r => Assert.Equal([VaultNames.AppPolicyName], r.Value.Policies));
        Assert.Equal([VaultNames.CertbotRole], lab.Vault.Roles[$"{VaultNames.SystemMount}/{VaultNames.CertbotRole}"].Policies);
    }

    [HostFact]
    public async Task A_role_the_deployer_may_make_reads_the_secrets_of_its_own_name_and_nothing_else()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);
        var deployer = await VaultClient.Deployer(lab);
        var role = $"auth/{VaultNames.AppsMount}/role/evil";

        Assert.Equal(204, (await deployer.Send("POST", role, VaultNames.AppRoleSettings)).Status);
        var roleId = (await deployer.Send("GET", $"{role}/role-id")).Body!["data"]!["role_id"]!.GetValue<string>();
        var secretId = (await deployer.Send("POST", $"{role}/secret-id")).Body!["data"]!["secret_id"]!.GetValue<string>();
        var evil = await new VaultClient(lab.Vault).Login(VaultNames.AppsMount, roleId, secretId);

        Assert.Equal(404, (await evil.Send("GET", "secret/data/evil/anything")).Status); // its own path: allowed, empty
        Assert.Equal(403, (await evil.Send("GET", "secret/data/hello-world/app-credentials")).Status);
        Assert.Equal(403, (await evil.Send("GET", $"secret/data/{VaultNames.CertbotSecretPath}")).Status);
        Assert.Equal(403, (await evil.Send("PUT", "secret/data/evil/anything", new { data = new { x = "y" } })).Status);
        Assert.Equal(403, (await evil.Send("GET", $"sys/policies/acl/{VaultNames.Deployer}")).Status);
        // The deployer's own token has no sudo either: it cannot enable an auth method.
        Assert.Equal(403, (await deployer.Send("POST", "sys/auth/evil", new { type = "approle" })).Status);
    }

    [HostFact]
    public async Task The_same_escalation_succeeds_against_the_fake_with_the_deployer_policy_of_before_issue_18()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);
        lab.Vault.Policies[VaultNames.Deployer] = DeployerPolicyBeforeIssue18;
        var deployer = await VaultClient.Deployer(lab);

        Assert.True(await BecomesRoot(lab, deployer));

        Assert.Equal(RootPolicy, lab.Vault.Policies["app-evil"]);
        Assert.Contains("evil/", lab.Vault.Auths.Keys);
    }

    /// <summary>The deployer policy of stacks/Vault/VaultNames.cs before issue 18, verbatim (git show 6ec39ac).</summary>
    private const string DeployerPolicyBeforeIssue18 = """
        # The platform's secrets (KV v2): write and patch values, never destroy versions.
        path "secret/data/*" {
          capabilities = ["create", "read", "update", "patch"]
        }
        # The apps' policies and certbot's, and no other.
        path "sys/policies/acl" {
          capabilities = ["list"]
        }
        path "sys/policies/acl/app-*" {
          capabilities = ["create", "read", "update", "delete"]
        }
        path "sys/policies/acl/certbot-nats" {
          capabilities = ["create", "read", "update", "delete"]
        }
        # The apps' AppRole roles and certbot's (role-id, secret-ids), and no other.
        path "auth/approle/role" {
          capabilities = ["list"]
        }
        path "auth/approle/role/app-*" {
          capabilities = ["create", "read", "update", "delete"]
        }
        path "auth/approle/role/certbot-nats" {
          capabilities = ["create", "read", "update", "delete"]
        }
        path "auth/approle/role/certbot-nats/*" {
          capabilities = ["create", "read", "update", "delete"]
        }
        """;
}

using Platform.Stacks.Plan;
using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// Day two, with the root token revoked on day one: config changes reach Vault through `pulumi up` as the
/// deployer identity (defect 2); a failure half-way recovers; a reboot seals Vault and says so.
/// </summary>
public sealed class VaultDayTwoTests
{
    private static async Task<VaultLab> DayOne(Stack stack)
    {
        var lab = await VaultLab.Start(stack);
        var up = lab.Up();
        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.False(lab.Vault.TokenValid(lab.Vault.RootToken!));
        return lab;
    }

    [HostFact]
    public async Task A_rotated_secret_reaches_vault_and_keeps_the_fields_operators_added()
    {
        await using var lab = await DayOne(Stack.Staging);
        // docs/sources/hoodcloud-production-checklist.txt: operators add fields by hand (the NATS seeds); a rotation must not lose them.
        lab.Vault.Kv["hello-world/app-credentials"].Add(new(lab.Vault.Kv["hello-world/app-credentials"][^1]) { ["nats_operator_signing_seed"] = "SO-by-hand" });
        lab.Values["platform:stripeSecretKey"] = "sk_live_rotated=";

        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.Equal(["vault-secrets-hello-world"], lab.Ran);
        var latest = lab.Vault.Kv["hello-world/app-credentials"][^1];
        Assert.Equal("sk_live_rotated=", latest["stripe_secret_key"]);
        Assert.Equal("SO-by-hand", latest["nats_operator_signing_seed"]);
    }

    [HostFact]
    public async Task A_new_app_gets_its_policy_role_secret_and_credential_files()
    {
        await using var lab = await DayOne(Stack.Staging);
        lab.Stack = lab.Stack.Append("platform:vault.apps", ("name", "oracle-bridge"), ("secretsFrom.api_key", "config:resendApiKey"));

        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.Equal(["vault-configure", "vault-secrets-oracle-bridge", "vault-approle-files"], lab.Ran);
        Assert.Equal([VaultNames.AppPolicyName], lab.Vault.Roles["apps/oracle-bridge"].Policies);
        Assert.Equal(lab.Value(new SecretSource.Config("platform:resendApiKey")), lab.Vault.Kv["oracle-bridge/app-credentials"][^1]["api_key"]);
        Assert.Equal(lab.Vault.Roles["apps/oracle-bridge"].RoleId, lab.Host.Read($"{VaultTarget.CredentialsDir}/app-oracle-bridge-role-id"));
        // The app logs in with its files and reads its own secret, and not the other app's (the templated policy).
        var app = await VaultClient.LoginWithFiles(lab, VaultNames.AppsMount, $"{VaultTarget.CredentialsDir}/app-oracle-bridge");
        Assert.Equal(200, (await app.Send("GET", "secret/data/oracle-bridge/app-credentials")).Status);
        Assert.Equal(403, (await app.Send("GET", "secret/data/hello-world/app-credentials")).Status);
    }

    [HostFact]
    public async Task A_removed_app_loses_its_policy_role_and_files_but_its_secrets_stay()
    {
        await using var lab = await DayOne(Stack.Staging.Append("platform:vault.apps", ("name", "oracle-bridge"), ("secretsFrom.api_key", "config:resendApiKey")));
        lab.Stack = lab.Stack.Remove(lab.Stack.VaultApp("oracle-bridge"));

        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.DoesNotContain("apps/oracle-bridge", lab.Vault.Roles.Keys);
        Assert.Null(lab.Host.Read($"{VaultTarget.CredentialsDir}/app-oracle-bridge-secret-id"));
        Assert.Contains("oracle-bridge/app-credentials", lab.Vault.Kv.Keys);
        Assert.Contains("apps/hello-world", lab.Vault.Roles.Keys);
    }

    [HostFact]
    public async Task A_changed_or_drifted_policy_is_written_back_by_the_configure_step()
    {
        await using var lab = await DayOne(Stack.Staging);
        lab.Vault.Policies["certbot-nats"] = "path \"secret/*\" { capabilities = [\"read\", \"list\"] }";
        lab.Vault.Roles["approle/certbot-nats"].Settings["token_ttl"] = "24h";

        lab.RunStep(lab.Step(VaultStepKind.Configure)).Succeeded();

        Assert.Equal(VaultNames.CertbotPolicy, lab.Vault.Policies["certbot-nats"]);
        Assert.Equal("5m", lab.Vault.Roles["approle/certbot-nats"].Settings["token_ttl"]!.GetValue<string>());
    }

    [HostFact]
    public async Task A_failure_half_way_leaves_no_empty_credential_file_and_the_next_up_recovers()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        lab.Vault.FailNext("POST", "auth/approle/role/certbot-nats/secret-id");

        var failed = lab.Up();

        Assert.False(failed.Succeeded);
        Assert.Equal("vault-approle-files", failed.FailedStep);
        Assert.Contains("POST auth/approle/role/certbot-nats/secret-id: HTTP 500", failed.Output);
        Assert.Null(lab.Host.Read($"{VaultTarget.CredentialsDir}/certbot-nats-secret-id"));
        Assert.DoesNotContain(lab.Host.Output($"ls -A {VaultTarget.CredentialsDir}").Split('\n'), f => f.EndsWith(".new"));

        var recovered = lab.Up();

        Assert.True(recovered.Succeeded, $"{recovered.FailedStep}: {recovered.Output}");
        Assert.Equal(["vault-approle-files"], lab.Ran);
        Assert.Contains(lab.Host.Read($"{VaultTarget.CredentialsDir}/certbot-nats-secret-id")!, lab.Vault.Roles["approle/certbot-nats"].SecretIds);
    }

    [HostFact]
    public async Task A_secret_id_vault_no_longer_knows_is_replaced()
    {
        await using var lab = await DayOne(Stack.Staging);
        lab.Vault.Roles["apps/hello-world"].SecretIds.Clear();

        lab.RunStep(lab.Step(VaultStepKind.AppRoleFiles)).Succeeded();

        Assert.Contains(lab.Host.Read($"{VaultTarget.CredentialsDir}/app-hello-world-secret-id")!, lab.Vault.Roles["apps/hello-world"].SecretIds);
    }

    [HostFact]
    public async Task A_failed_revocation_is_a_failure_and_the_next_up_revokes()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        // The deployer step revokes its own test login first: the root token's revocation is the second.
        lab.Vault.FailNext("POST", "auth/token/revoke-self", 503, skip: 1);

        var failed = lab.Up();

        Assert.Equal("vault-revoke-root", failed.FailedStep);
        Assert.True(lab.Vault.TokenValid(lab.Vault.RootToken!));
        var recovered = lab.Up();
        Assert.True(recovered.Succeeded, $"{recovered.FailedStep}: {recovered.Output}");
        Assert.False(lab.Vault.TokenValid(lab.Vault.RootToken!));
    }

    [HostFact]
    public async Task A_revocation_vault_accepts_but_that_leaves_the_root_token_valid_is_a_failure()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        // The second revoke-self (the root token's) answers 204 without revoking: only the lookup proves it.
        lab.Vault.FailNext("POST", "auth/token/revoke-self", 204, skip: 1);

        var up = lab.Up();

        Assert.Equal("vault-revoke-root", up.FailedStep);
        Assert.Contains("still answers HTTP 200 to lookup-self: not revoked", up.Output);
        Assert.True(lab.Vault.TokenValid(lab.Vault.RootToken!));
    }

    [HostFact]
    public async Task After_a_reboot_staging_says_vault_is_sealed_and_the_unseal_step_run_again_unseals_it()
    {
        await using var lab = await DayOne(Stack.Staging);
        lab.Vault.Restart();
        lab.Values["platform:stripeSecretKey"] = "rotated while sealed";

        var sealedUp = lab.Up();

        Assert.Equal("vault-secrets-hello-world", sealedUp.FailedStep);
        Assert.Contains("is sealed or not initialised: a restart or reboot seals it", sealedUp.Output);
        // README, Vault: staging: `pulumi up --replace <the unseal step's URN>`.
        lab.RunStep(lab.Step(VaultStepKind.Unseal)).Succeeded();
        Assert.False(lab.Vault.Sealed);
        var up = lab.Up();
        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.Equal("rotated while sealed", lab.Vault.Kv["hello-world/app-credentials"][^1]["stripe_secret_key"]);
    }

    [HostFact]
    public async Task Production_stops_at_unseal_until_operators_unseal_with_their_decrypted_shares_then_revokes_root()
    {
        // The operators' own keys: the committed ones are placeholders that init refuses (VaultDefectTests).
        await using var lab = await VaultLab.Start(Stack.Production.SetList("platform:vault.pgpKeys",
            [.. Enumerable.Range(1, 5).Select(i => Convert.ToBase64String([0xC6, 0x01, (byte)i]))]));

        var first = lab.Up();

        Assert.Equal("vault-unseal", first.FailedStep);
        Assert.Contains("encrypted for the operators: 3 of them unseal it", first.Output);
        Assert.True(lab.Vault.SharesEncrypted);
        var shares = InitAnswer.UnsealKeys(lab.Printed(VaultStepKind.Init));
        Assert.Equal(5, shares.Length);
        Assert.DoesNotContain(shares, lab.Vault.PlainShares.Contains);

        lab.OperatorsUnseal();
        var second = lab.Up();

        Assert.True(second.Succeeded, $"{second.FailedStep}: {second.Output}");
        Assert.False(lab.Vault.TokenValid(lab.Vault.RootToken!));
        Assert.Equal(1, lab.Vault.InitCalls);

        // After a reboot: operators unseal again; pulumi up has nothing to do.
        lab.Vault.Restart();
        lab.OperatorsUnseal();
        Assert.True(lab.Up().Succeeded);
        Assert.Empty(lab.Ran);
    }

    /// <summary>
    /// Production's state from before issue 19: the unseal step ran with the init output (root token included) on its
    /// standard input, which its script never used. It is now sent nothing and its script reads nothing, so its
    /// inputs changed and pulumi-command runs it again (Update re-runs create: pulumi-command v1.2.1
    /// provider/pkg/provider/remote/commandController.go). That run only reads the seal status and prints it, or,
    /// sealed, stops with the operators' instructions: it writes nothing to Vault, and nothing after it runs again.
    /// </summary>
    [HostFact]
    public async Task Production_runs_the_unseal_step_again_once_after_it_stopped_receiving_the_init_output_and_that_run_only_reads()
    {
        await using var lab = await VaultLab.Start(Stack.Production.SetList("platform:vault.pgpKeys",
            [.. Enumerable.Range(1, 5).Select(i => Convert.ToBase64String([0xC6, 0x01, (byte)i]))]));
        Assert.Equal("vault-unseal", lab.Up().FailedStep);
        lab.OperatorsUnseal();
        Assert.True(lab.Up().Succeeded);
        var unseal = lab.Step(VaultStepKind.Unseal);
        Assert.Empty(unseal.SecretInputs);
        var earlier = lab.State[unseal.Name] with
        {
            Script = unseal.Script.Replace("set -euo pipefail\n", "set -euo pipefail\n" + ScriptInputs.Reader([VaultApi.InitInput])),
            Stdin = ScriptInputs.Encode([new(VaultApi.InitInput, lab.Printed(VaultStepKind.Init))]),
        };

        // Unsealed: the step runs again, says so, and asks Vault nothing but its state.
        lab.State[unseal.Name] = earlier;
        var requests = lab.Vault.Log.Count;
        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.Equal([unseal.Name], lab.Ran);
        Assert.Equal("Vault is unsealed", lab.Printed(VaultStepKind.Unseal));
        Assert.All(lab.Vault.Log.Skip(requests), r => Assert.Equal("GET", r.Method));
        Assert.True(lab.Up().Succeeded);
        Assert.Empty(lab.Ran);

        // Sealed (a reboot before the first up with this change): it stops, as it always did, and changes nothing.
        lab.State[unseal.Name] = earlier;
        lab.Vault.Restart();
        requests = lab.Vault.Log.Count;
        var sealedUp = lab.Up();

        Assert.Equal(unseal.Name, sealedUp.FailedStep);
        Assert.Contains("encrypted for the operators: 3 of them unseal it", sealedUp.Output);
        Assert.All(lab.Vault.Log.Skip(requests), r => Assert.Equal("GET", r.Method));
        Assert.True(lab.Vault.Sealed);
    }

    [HostFact]
    public async Task The_deployer_step_run_by_hand_with_a_generated_root_token_rewrites_the_policies_and_gives_a_new_deployer()
    {
        await using var lab = await DayOne(Stack.Staging);
        lab.Vault.Policies[VaultNames.Deployer] = "path \"secret/data/*\" {\n  capabilities = [\"read\"]\n}\n"; // an older policy
        var root = lab.Vault.GenerateRoot();

        // README, Vault, "When something is lost": the step's script with {"root_token": …} as its init input.
        var run = lab.Host.Run(lab.Step(VaultStepKind.Deployer).Script, [new(VaultApi.InitInput, $"{{\"root_token\":\"{root}\"}}")]).Succeeded();

        Assert.Equal(VaultNames.DeployerPolicy, lab.Vault.Policies[VaultNames.Deployer]);
        var credentials = System.Text.Json.Nodes.JsonNode.Parse(run.Stdout)!;
        var deployer = await new VaultClient(lab.Vault).Login(VaultNames.SystemMount,
            credentials["role_id"]!.GetValue<string>(), credentials["secret_id"]!.GetValue<string>());
        Assert.Equal(204, (await deployer.Send("POST", $"auth/{VaultNames.AppsMount}/role/hello-world", VaultNames.AppRoleSettings)).Status);
        Assert.Single(lab.Vault.Auths.Keys, k => k == $"{VaultNames.AppsMount}/");
    }
}

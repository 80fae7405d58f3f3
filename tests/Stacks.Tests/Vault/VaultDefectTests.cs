using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts.Hosts;
using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>The numbered defects of issue 9 that the day-one and day-two scenarios do not already show.</summary>
public sealed class VaultDefectTests
{
    [HostFact]
    public async Task No_program_the_vault_steps_start_is_given_a_secret_as_an_argument()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        lab.Values["platform:stripeSecretKey"] = "sk_live_plainsecretvalue123";
        lab.Values["platform:certbotCloudflareToken"] = "cf_token_plainsecretvalue456";

        Assert.True(lab.Up().Succeeded);
        lab.Values["platform:stripeSecretKey"] = "sk_live_rotatedsecretvalue789";
        Assert.True(lab.Up().Succeeded);

        var secrets = lab.SecretValues.Append("sk_live_plainsecretvalue123").Append("cf_token_plainsecretvalue456").ToList();
        Assert.Contains(lab.Calls, c => c.StartsWith("jq ")); // the recorders did record
        Assert.Contains(lab.Calls, c => c.StartsWith("curl "));
        Assert.All(lab.Calls, call => Assert.DoesNotContain(secrets, s => s.Length >= 8 && call.Contains(s)));
    }

    [HostFact]
    public async Task No_program_the_vault_steps_start_inherits_a_secret_input_in_its_environment()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);
        lab.Values["platform:stripeSecretKey"] = "rotated";
        Assert.True(lab.Up().Succeeded);

        var inputs = lab.Steps().SelectMany(s => s.SecretInputs.Keys).Distinct().ToList();
        var environments = lab.Host.Output($"cat \"{VaultFakes.EnvironmentLog}\"/*").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(VaultApi.DeployerInput, inputs);
        Assert.Contains("PATH", environments); // the recorders did record
        Assert.Empty(environments.Intersect(inputs));
    }

    [HostFact]
    public async Task The_steps_after_an_unseal_wait_until_vault_is_active_instead_of_failing_on_its_standby_window()
    {
        // Real Vault on raft is a standby for a moment after its last share: the deployer step right after the
        // unseal step (staging's first up), and every step after a restart, meet that window.
        await using var lab = await VaultLab.Start(Stack.Staging);
        lab.Vault.StandbyRequestsAfterUnseal = 3;

        var up = lab.Up();

        Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        Assert.DoesNotContain(lab.Vault.Log, r => r.Status == 500);
        Assert.False(lab.Vault.TokenValid(lab.Vault.RootToken!));

        lab.Vault.Restart();
        lab.OperatorsUnseal();
        var configure = lab.RunStep(lab.Step(VaultStepKind.Configure));
        Assert.True(configure.ExitCode == 0, configure.Stderr);
    }

    [HostFact]
    public async Task Init_refuses_the_committed_placeholder_keys_before_it_touches_vault_and_runs_once_they_are_replaced()
    {
        await using var lab = await VaultLab.Start(Stack.Production);

        var first = lab.Up();

        Assert.Equal("vault-init", first.FailedStep);
        Assert.Contains("pgpKeys[0], pgpKeys[1], pgpKeys[2], pgpKeys[3], pgpKeys[4]: placeholder keys", first.Output); // position: the message lists every share's key, in share order
        Assert.Equal(0, lab.Vault.InitCalls);
        Assert.False(lab.Vault.Initialized);

        lab.Stack = lab.Stack.SetList("platform:vault.pgpKeys", [.. Enumerable.Range(1, 5).Select(i => Convert.ToBase64String([0xC6, 0x01, (byte)i]))]);
        Assert.Equal("vault-unseal", lab.Up().FailedStep);
        Assert.Equal(1, lab.Vault.InitCalls);
        Assert.True(lab.Vault.SharesEncrypted);
    }

    [HostFact]
    public async Task Init_run_a_second_time_fails_instead_of_replacing_its_only_output_with_nothing()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        Assert.True(lab.Up().Succeeded);

        var again = lab.Host.Run(lab.Step(VaultStepKind.Init).Script);

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already initialised, and init never runs twice", again.Stderr);
        Assert.Equal("", again.Stdout);
        Assert.Equal(1, lab.Vault.InitCalls);
    }

    [HostFact]
    public async Task Revoking_root_fails_when_vault_is_sealed_or_unreachable_and_the_token_stays_valid()
    {
        await using var lab = await VaultLab.Start(Stack.Staging);
        lab.Vault.FailNext("POST", "auth/token/revoke-self", 503, skip: 1);
        Assert.Equal("vault-revoke-root", lab.Up().FailedStep);
        var revoke = lab.Step(VaultStepKind.RevokeRoot);

        lab.Vault.Restart();
        var sealedRun = lab.RunStep(revoke);
        lab.OperatorsUnseal();
        lab.Disconnect();
        var unreachable = lab.RunStep(revoke);

        Assert.NotEqual(0, sealedRun.ExitCode);
        Assert.Contains("sealed", sealedRun.Stderr);
        Assert.NotEqual(0, unreachable.ExitCode);
        Assert.Contains("no answer from Vault", unreachable.Stderr);
        Assert.True(lab.Vault.TokenValid(lab.Vault.RootToken!));
    }

    [HostFact]
    public void A_vault_version_bump_changes_the_held_package()
    {
        using var host = new TestHost("vault-install").Fake(VaultFakes.Systemctl).Fake(Fakes.CloudInit)
            .Fake(VaultFakes.AptGet).Fake(VaultFakes.AptMark).Fake(VaultFakes.DpkgQuery).Fake(VaultFakes.Gpg)
            .Given($"useradd --system --no-create-home vault && mkdir -p /etc/apt/keyrings {VaultTarget.TlsDir} && echo key > {VaultTarget.AptKeyring} " +
                   $"&& touch {VaultTarget.TlsDir}/vault.key {VaultTarget.TlsDir}/vault.crt {VaultTarget.TlsDir}/ca.key");
        string Install(string version) => Stack.Staging.Set("platform:vault.version", version).Plan().Vault.Step(VaultStepKind.Install).Script;
        host.Run(Install("1.18.3")).Succeeded();
        Assert.Equal("1.18.3-1", host.Read("/var/lib/fake-apt/vault.version"));
        // Vault owns its certificate and key, not the CA key beside them.
        host.Given($"cd {VaultTarget.TlsDir} && [ \"$(stat -c %U vault.key)\" = vault ] && [ \"$(stat -c %U ca.key)\" = root ]");
        Assert.True(host.Exists("/var/lib/fake-apt/vault.held"));

        var bump = host.Run(Install("1.19.0")).Succeeded();

        Assert.Equal("1.19.0-1", host.Read("/var/lib/fake-apt/vault.version"));
        Assert.Contains(bump.CallsOf("apt-get"), c => c.Contains("--allow-change-held-packages") && c.Contains("vault=1.19.0-1"));
        Assert.Contains("systemctl restart vault", bump.CallsOf("systemctl"));
        // The fake refuses what apt refuses: the same install without the flag.
        Assert.NotEqual(0, host.Run("apt-get install -y vault=1.18.3-1").ExitCode);
        // Nothing changed, nothing restarted: a restart would seal Vault.
        var again = host.Run(Install("1.19.0")).Succeeded();
        Assert.DoesNotContain("systemctl restart vault", again.CallsOf("systemctl"));
    }

    [HostFact]
    public void The_server_certificate_is_renewed_before_it_expires_from_the_same_ca_and_vault_reloads_it()
    {
        using var host = new TestHost("vault-tls").Fake(VaultFakes.Systemctl).Given("useradd --system --no-create-home vault");
        var tls = Stack.Production.Plan().Vault.Step(VaultStepKind.Tls).Script;
        var ca = host.Run(tls).Succeeded().Stdout;
        host.Given($"cd {VaultTarget.TlsDir} && [ \"$(stat -c %a ca.key)\" = 600 ] && [ \"$(stat -c %a .)\" = 755 ] && [ \"$(stat -c %a vault.key)\" = 640 ]");
        Assert.Contains("systemctl enable --now vault-tls-renew.timer", host.Run(tls).Succeeded().CallsOf("systemctl"));
        // A certificate that expires tomorrow, from the same CA; Vault running.
        host.Given($"cd {VaultTarget.TlsDir} && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=vault -keyout vault.key -out x.csr 2>/dev/null " +
                   "&& openssl x509 -req -in x.csr -CA ca.crt -CAkey ca.key -days 1 -out vault.crt 2>/dev/null && mkdir -p /var/lib/fake-systemd && touch /var/lib/fake-systemd/vault.active");

        var renewal = host.Run(VaultTarget.RenewScript).Succeeded();

        Assert.Contains("systemctl reload vault", renewal.CallsOf("systemctl"));
        Assert.Equal(ca, host.Read(VaultTarget.CaCert));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", ca);
        host.Given($"cd {VaultTarget.TlsDir} && openssl x509 -checkend {VaultHostScripts.RenewBeforeDays * 86400} -noout -in vault.crt && openssl verify -CAfile ca.crt vault.crt " +
                   "&& openssl x509 -noout -ext subjectAltName -in vault.crt | grep -q 'IP Address:10.0.1.3'");
        // Renewed once: the next run has nothing to do.
        Assert.Empty(host.Run(VaultTarget.RenewScript).Succeeded().CallsOf("systemctl"));
    }

    [HostFact]
    public void A_certificate_for_an_address_that_merely_starts_with_vaults_is_renewed()
    {
        using var host = new TestHost("vault-tls").Fake(VaultFakes.Systemctl).Given("useradd --system --no-create-home vault");
        host.Run(Stack.Production.Plan().Vault.Step(VaultStepKind.Tls).Script).Succeeded();
        // Valid for two years, from the same CA, but for 10.0.1.30: Vault at 10.0.1.3 would present it, and every client refuse it.
        host.Given($"cd {VaultTarget.TlsDir} && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=vault -keyout vault.key -out x.csr 2>/dev/null " +
                   "&& printf 'subjectAltName=IP:10.0.1.30,IP:127.0.0.1\\n' > x.ext && openssl x509 -req -in x.csr -CA ca.crt -CAkey ca.key -days 700 -extfile x.ext -out vault.crt 2>/dev/null");

        host.Run(VaultTarget.RenewScript).Succeeded();

        var names = host.Run($"openssl x509 -noout -ext subjectAltName -in {VaultTarget.TlsDir}/vault.crt").Succeeded().Stdout;
        Assert.Contains("IP Address:10.0.1.3,", names);
        Assert.DoesNotContain("10.0.1.30", names);
    }
}

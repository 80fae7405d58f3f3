namespace Platform.Stacks.Tests.Scripts;

/// <summary>What the scripts must do, read from their text.</summary>
public class ScriptContentTests
{
    [Fact]
    public void K3s_is_installed_pinned_with_the_kubelet_reservations_on_the_private_network()
    {
        var script = GeneratedScripts.Text("production", "k3s.install");

        Assert.Contains("version='v1.31.4+k3s1'", script);
        Assert.Contains("--kubelet-arg 'system-reserved=memory=2Gi'", script);
        Assert.Contains("--kubelet-arg 'eviction-hard=memory.available<500Mi'", script);
        Assert.Contains("--node-ip '10.0.1.3'", script);
        Assert.Contains("--flannel-iface 'enp7s0.4010'", script);
        Assert.Contains("already installed", script); // re-runs do nothing
    }

    [Fact]
    public void The_vlan_script_sets_the_vlan_route_and_mtu_and_firewalls_the_private_range()
    {
        var script = GeneratedScripts.Text("production", "ax42u-hel1.vlan");

        Assert.Contains("enp7s0.4010:", script);
        Assert.Contains("id: 4010", script);
        Assert.Contains("mtu: 1400", script);
        Assert.Contains("addresses: [10.0.1.3/24]", script);
        Assert.Contains("- to: 10.0.0.0/16", script);
        Assert.Contains("via: 10.0.1.1", script);
        Assert.Contains("ufw allow in on 'enp7s0.4010' from '10.0.0.0/16'", script);
        Assert.Contains("ufw default deny incoming", script);
    }

    [Fact]
    public void Vault_init_runs_only_when_uninitialised_with_the_configured_shares()
    {
        var script = GeneratedScripts.Text("production", "vault-init");

        Assert.Contains("already initialised", script);
        Assert.Contains("-key-shares=5 -key-threshold=3", script);
        Assert.Contains("-pgp-keys='keybase:hwdao-ops-1,", script);
        Assert.DoesNotContain("-pgp-keys", GeneratedScripts.Text("staging", "vault-init"));
    }

    [Fact]
    public void Vault_is_reached_over_verified_tls()
    {
        foreach (var (_, text) in GeneratedScripts.Of(Stack.Production.Plan()).Where(s => s.Name.StartsWith("vault-") && s.Name != "vault-tls" && s.Name != "vault-install"))
        {
            Assert.Contains("export VAULT_CACERT=/etc/vault.d/tls/ca.crt", text);
            Assert.DoesNotContain("VAULT_SKIP_VERIFY", text);
            Assert.DoesNotContain("-k ", text);
        }
    }

    [Fact]
    public void The_certbot_role_and_policy_follow_the_checklist()
    {
        var script = GeneratedScripts.Text("production", "vault-configure");

        Assert.Contains("auth/approle/role/certbot-nats token_policies=certbot-nats token_ttl=5m token_max_ttl=10m", script);
        Assert.Contains("path \"secret/data/infra/certbot/cloudflare\" {\\n  capabilities = [\"read\"]", script);
        Assert.Contains("-version=2 kv", script);
    }

    [Fact]
    public void Secrets_reach_vault_on_standard_input_never_the_command_line()
    {
        var script = GeneratedScripts.Text("production", "vault-secrets-hello-world");

        Assert.Contains("while IFS= read -r input_line || [ -n \"$input_line\" ]; do", script);
        Assert.Contains("VAULT_INIT_JSON|SECRET_", script);
        Assert.Contains("--arg 'stripe_secret_key' \"${SECRET_STRIPE_SECRET_KEY:?}\"", script);
        Assert.Contains("-H @\"$header\"", script);
        Assert.DoesNotContain("vault kv put", script);
    }

    [Fact]
    public void Approle_credentials_are_root_only_files()
    {
        var script = GeneratedScripts.Text("production", "vault-approle-files");

        Assert.Contains("chmod 0400", script);
        Assert.Contains("roles=('hello-world' 'certbot-nats')", script);
    }

    [Fact]
    public void The_root_token_revocation_is_idempotent() =>
        Assert.Contains("no root token to revoke", GeneratedScripts.Text("production", "vault-revoke-root"));

    [Fact]
    public void Ic_registration_checks_before_it_registers() =>
        Assert.Contains("already registered", GeneratedScripts.Text("production", "ic-www.register"));

    [Theory]
    [InlineData("staging", "staging-k3s.cloud-init")]
    [InlineData("production", "ax42u-hel1.vlan")]
    public void The_cluster_host_lets_the_admin_ranges_reach_the_kubernetes_api(string stack, string script) =>
        Assert.Contains("admin_ports=('22' '6443')", GeneratedScripts.Text(stack, script));

    [Fact]
    public void Other_hosts_open_only_ssh_to_the_admin_ranges() =>
        Assert.Contains("admin_ports=('22')", GeneratedScripts.Text("staging", "staging-oracle-bridge.cloud-init"));

    [Fact]
    public void A_vault_upgrade_runs_the_unseal_step_again()
    {
        var before = Stack.Staging.Plan().Vault.Steps.Single(s => s.Name == "vault-unseal").Script;
        var after = Stack.Staging.Set("platform:vault.version", "1.19.0").Plan().Vault.Steps.Single(s => s.Name == "vault-unseal").Script;

        Assert.NotEqual(before, after);
    }
}

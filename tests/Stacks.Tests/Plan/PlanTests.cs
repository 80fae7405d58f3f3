using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Plan;

/// <summary>The plans of both real stacks: what exists, how it is protected, what waits for what.</summary>
public class PlanTests
{
    public static TheoryData<string> Stacks => new() { "staging", "production" };

    [Theory]
    [InlineData("production", Tokens.DnsRecord, 23)]      // 7 IC domains × 3 + 2 records
    [InlineData("staging", Tokens.DnsRecord, 20)]         // 6 IC domains × 3 + 2 records
    [InlineData("production", Tokens.HcloudServer, 1)]
    [InlineData("staging", Tokens.HcloudServer, 2)]
    [InlineData("production", Tokens.HcloudSubnet, 2)]    // cloud + vSwitch
    [InlineData("staging", Tokens.HcloudSubnet, 1)]       // staging is cloud-only
    [InlineData("production", Tokens.Deployment, 7)]
    [InlineData("production", Tokens.Namespace, 4)]
    [InlineData("production", Tokens.LimitRange, 4)]
    [InlineData("production", Tokens.ResourceQuota, 4)]
    [InlineData("production", Tokens.Middleware, 8)]      // cors, rate limit, headers, 4 strips, token auth
    [InlineData("production", Tokens.Ingress, 5)]
    [InlineData("production", Tokens.RemoteCommand, 16)]  // oracle-bridge host step, VLAN, k3s install + kubeconfig, 10 Vault steps, 2 backup steps
    [InlineData("staging", Tokens.RemoteCommand, 16)]     // 2 host steps, no VLAN
    [InlineData("production", Tokens.R2Bucket, 2)]        // the media bucket and the backup bucket
    [InlineData("production", Tokens.AccountToken, 3)]    // the media bucket's, the backup bucket's writer and reader
    [InlineData("production", Tokens.LocalCommand, 2)]    // the Hetzner bucket and its CORS rule
    public void Counts_per_type(string stack, string type, int count) =>
        Assert.Equal(count, Stack.Load(stack).Plan().Resources.Count(r => r.Type == type));

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_ic_record_is_dns_only(string stack)
    {
        var plan = Stack.Load(stack).Plan();

        var ic = plan.Dns.IcDomains.SelectMany(d => d.Records).ToList();
        Assert.NotEmpty(ic);
        Assert.All(ic, r => Assert.False(r.Proxied));
        Assert.All(plan.Resources.Where(r => r.Parent is not null && r.Parent.StartsWith("ic-")), r =>
            Assert.True(r.Type != Tokens.DnsRecord || r.Inputs["proxied"] == "false", r.Name));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_record_states_proxied_explicitly(string stack) =>
        Assert.All(Stack.Load(stack).Plan().Resources.Where(r => r.Type == Tokens.DnsRecord),
            r => Assert.Contains("proxied", r.Inputs.Keys));

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_container_is_limited(string stack) =>
        Assert.All(Stack.Load(stack).Plan().Resources.Where(r => r.Type == Tokens.Deployment), d =>
        {
            Assert.Matches("^cpu [0-9.]+m?, memory [0-9]+[MG]i$", d.Inputs["requests"]);
            Assert.Matches("^cpu [0-9.]+m?, memory [0-9]+[MG]i$", d.Inputs["limits"]);
        });

    [Fact]
    public void Production_protects_what_is_hard_to_recreate()
    {
        var plan = Stack.Production.Plan();

        string[] protectedTypes = [Tokens.HcloudServer, Tokens.HcloudPrimaryIp, Tokens.HcloudNetwork, Tokens.HcloudSubnet,
            Tokens.R2Bucket];
        Assert.All(plan.Resources.Where(r => protectedTypes.Contains(r.Type)), r => Assert.True(r.Policy.Protect, r.Name));
        Assert.All(plan.Vault.Resources().Where(r => !r.IsComponent), r => Assert.True(r.Policy.Protect, r.Name));
        var hetznerBuckets = plan.HetznerBuckets.Select(b => b.BucketName).ToList();
        Assert.NotEmpty(hetznerBuckets);
        Assert.All(plan.Resources.Where(r => r.Type is Tokens.R2Bucket || hetznerBuckets.Contains(r.Name)),
            r => Assert.True(r.Policy is { Protect: true, RetainOnDelete: true }, r.Name));
        Assert.All(plan.Resources.Where(r => r.Inputs.ContainsKey("deleteProtection")), r => Assert.Equal("true", r.Inputs["deleteProtection"]));
    }

    [Fact]
    public void Staging_protects_nothing_so_that_it_can_be_torn_down() =>
        Assert.DoesNotContain(Stack.Staging.Plan().Resources, r => r.Policy.Protect || r.Policy.RetainOnDelete);

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Servers_ignore_what_only_matters_at_creation(string stack) =>
        Assert.All(Stack.Load(stack).Plan().Resources.Where(r => r.Type == Tokens.HcloudServer),
            r => Assert.Equal(["userData", "sshKeys", "image", "publicNets"], r.Policy.IgnoredChanges));

    [Fact]
    public void An_import_id_in_config_adopts_the_resource()
    {
        var plan = Stack.Production.Set($"{Stack.Production.Server("oracle-bridge")}.importId", "48213645")
            .Set($"{Stack.Production.Record("oracle")}.importId", "c54ceb83773e6dc926a644a2d4e8d4af/0123456789abcdef0123456789abcdef").Plan();

        Assert.Equal("48213645", plan.Resources.Single(r => r.Name == "oracle-bridge-server").Policy.ImportId);
        Assert.Equal("c54ceb83773e6dc926a644a2d4e8d4af/0123456789abcdef0123456789abcdef",
            plan.Resources.Single(r => r.Name == "dns-a-oracle").Policy.ImportId);
    }

    [Fact]
    public void The_r2_location_hint_is_explicit_and_its_permanence_is_said() =>
        Assert.All(Stack.Production.Plan().Resources.Where(r => r.Type == Tokens.R2Bucket), r =>
        {
            Assert.Equal("weur", r.Inputs["location"]);
            // Not a replacement: the pinned provider keeps the state's location (cli/Diff/ProviderBehaviour.cs cites it).
            Assert.Contains("keeps the bucket where it was created", r.Policy.ReplacementNote);
        });

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Credentials_are_secret_inputs(string stack)
    {
        var plan = Stack.Load(stack).Plan();

        Assert.All(plan.Resources.Where(r => r.Type == Tokens.RemoteCommand), r =>
        {
            Assert.Contains("connection.privateKey", r.SecretInputs);
            Assert.DoesNotContain(r.Inputs.Keys, k => k.Contains("privateKey"));
        });
        Assert.All(plan.Resources.Where(r => r.Type == Tokens.LocalCommand && r.Parent is { } p && plan.HetznerBuckets.Any(b => b.Name == p)),
            r => Assert.Contains("stdin", r.SecretInputs));
        Assert.All(plan.Resources.Where(r => r.Type == Tokens.KubernetesProvider), r => Assert.Contains("kubeconfig", r.SecretInputs));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Names_are_unique_per_type_and_every_dependency_exists(string stack)
    {
        var resources = Stack.Load(stack).Plan().Resources;

        Assert.Empty(resources.GroupBy(r => (r.Type, r.Name)).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(Graph.DanglingDependencies(resources));
        Assert.All(resources.Where(r => r.Parent is not null), r => Assert.Contains(resources, p => p.IsComponent && p.Name == r.Parent));
    }

    [Fact]
    public void The_vault_steps_run_in_the_documented_order_and_revoke_root_right_after_the_deployer_exists()
    {
        var steps = Stack.Production.Plan().Vault.Steps.Select(s => s.Name).ToList();

        Assert.Equal(["vault-tls", "vault-install", "vault-init", "vault-unseal", "vault-deployer", "vault-revoke-root", "vault-configure",
            "vault-secrets-hello-world", "vault-secrets-certbot", "vault-approle-files"], steps);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Vault_init_and_the_deployer_never_run_twice_whatever_the_config_or_connection_later_say(string stack)
    {
        var resources = Stack.Load(stack).Plan().Resources;

        // Every input of a pulumi-command v1.2.1 remote Command, the connection (a rotated SSH key) included.
        foreach (var step in new[] { "vault-init", "vault-deployer" })
            Assert.Equal(["addPreviousOutputInEnv", "connection", "create", "delete", "environment", "logging", "stdin", "triggers", "update"],
                resources.Single(r => r.Name == step).Policy.IgnoredChanges.Order());
        Assert.Contains("rekey", resources.Single(r => r.Name == "vault-init").Policy.ReplacementNote);
        Assert.Empty(resources.Single(r => r.Name == "vault-unseal").Policy.IgnoredChanges);
    }

    [Fact]
    public void Independent_resources_do_not_wait_for_each_other()
    {
        var resources = Stack.Production.Plan().Resources;

        Assert.All(resources.Where(r => r.Type is Tokens.R2Bucket or Tokens.Namespace), r =>
            Assert.DoesNotContain(r.DependsOn, d => resources.Single(x => x.Name == d && !x.IsComponent).Type is Tokens.R2Bucket or Tokens.Namespace or Tokens.DnsRecord));
        Assert.All(resources.Where(r => r.Type == Tokens.DnsRecord), r =>
            Assert.All(r.DependsOn, d => Assert.Equal(Tokens.HcloudPrimaryIp, resources.Single(x => x.Name == d).Type)));
    }

    [Fact]
    public void The_critical_path_is_the_vault_chain_after_the_host_then_the_first_backup() =>
        Assert.Equal(["ax42u-hel1-vlan", "vault-tls", "vault-install", "vault-init", "vault-unseal", "vault-deployer", "vault-revoke-root",
                "vault-configure", "vault-secrets-hello-world", "vault-secrets-certbot", "vault-approle-files", "backup-ax42u-hel1-first"],
            Stack.Production.Plan().CriticalPath());

    [Fact]
    public void The_oracle_shim_points_at_the_port_of_each_environment()
    {
        Assert.Equal("8788", Stack.Production.Plan().Resources.Single(r => r.Name == "shim-oracle-shim-endpoints").Inputs["port"]);
        Assert.Equal("8787", Stack.Staging.Plan().Resources.Single(r => r.Name == "shim-oracle-shim-endpoints").Inputs["port"]);
    }
}

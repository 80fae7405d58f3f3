using Platform.Components;
using Platform.Components.Hetzner;
using Platform.Components.Vault;
using Platform.Stacks.Plan;
using Platform.Stacks.Vault;
using Pulumi;

namespace Platform.Components.Tests.Vault;

[Collection(PulumiCollection.Name)]
public sealed class VaultTests
{
    private static Task<PulumiTest> Vault(string stack) => PulumiTest.Components(stack, (plan, test) =>
    {
        var key = Output.CreateSecret("test private key");
        var host = new DedicatedHost(plan.Dedicated!, key);
        var vault = new VaultBootstrap(plan.Vault, new SshAccess(plan.Vault.Host.PublicIp!, plan.Vault.Host.SshUser, key, host.Vlan),
            source => Output.CreateSecret($"value of {source}"), test.Recording);
        return new Dictionary<string, object?> { ["address"] = vault.Address, ["ca"] = vault.CaCertificate, ["unsealKeys"] = vault.UnsealKeys };
    });

    [Fact]
    public async Task The_steps_run_in_the_plans_order_each_after_the_one_before()
    {
        var test = await Vault("production");
        var plan = PulumiTest.Plan("production").Vault;

        var commands = test.OfType(Tokens.RemoteCommand).Where(c => c.Name!.StartsWith("vault-")).Select(c => c.Name).ToList();
        Assert.Equal(plan.Steps.Select(s => s.Name), commands);
        for (var i = 1; i < plan.Steps.Count; i++)
            Assert.Equal([plan.Steps[i - 1].Name],
                await PulumiTest.ValueOf(test.OptionsOf(plan.Steps[i].Name).DependsOn.ToOutput().Apply(rs => rs.Select(r => r.GetResourceName()).ToList())));
    }

    [Fact]
    public async Task Secrets_reach_the_steps_only_on_their_standard_input()
    {
        var test = await Vault("production");
        var plan = PulumiTest.Plan("production").Vault;

        var secrets = test.Named("vault-secrets-hello-world");
        // Day two: the deployer identity, never the init output (its root token is revoked).
        Assert.StartsWith(ScriptInputs.Encode([new(VaultApi.DeployerInput, "output of vault-deployer")]), secrets.Text("stdin"));
        Assert.Contains(ScriptInputs.Encode([new("SECRET_STRIPE_SECRET_KEY", "value of Config { Key = platform:stripeSecretKey }")]), secrets.Text("stdin"));
        Assert.DoesNotContain(VaultApi.InitInput, secrets.Text("stdin"));
        Assert.DoesNotContain("value of", secrets.Text("create"));
        Assert.Null(secrets.At("environment"));
    }

    /// <summary>
    /// The init output holds the root token: the unseal step is sent it only in the stack whose script unseals with its
    /// shares (staging); production's shares are PGP-encrypted, the operators unseal, and the step is sent nothing.
    /// </summary>
    [Theory]
    [InlineData("staging", true)]
    [InlineData("production", false)]
    public async Task The_unseal_step_is_sent_the_init_output_only_where_its_script_unseals_with_it(string stack, bool unsealsWithTheShares)
    {
        var test = await PulumiTest.Program(stack);
        var plan = PulumiTest.Plan(stack).Vault;
        var unseal = test.Named(plan.Step(VaultStepKind.Unseal).Name);
        var init = plan.Step(VaultStepKind.Init).Name;

        if (unsealsWithTheShares)
            Assert.Equal(ScriptInputs.Encode([new(VaultApi.InitInput, $"output of {init}")]), unseal.Text("stdin"));
        else
            Assert.Null(unseal.At("stdin"));
        // The script reads standard input exactly where it is sent something.
        Assert.Equal(unsealsWithTheShares, unseal.Text("create")!.Contains(ScriptInputs.Reader([VaultApi.InitInput]), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Init_and_the_deployer_ignore_every_later_change_so_their_only_output_is_never_overwritten()
    {
        var test = await Vault("production");

        foreach (var step in new[] { "vault-init", "vault-deployer" })
            Assert.Equal(Policies.CommandInputs.Order(), test.OptionsOf(step).IgnoreChanges.Order());
        Assert.Contains("connection", test.OptionsOf("vault-init").IgnoreChanges);
        Assert.Empty(test.OptionsOf("vault-unseal").IgnoreChanges);
    }

    [Fact]
    public async Task Production_protects_every_step_and_no_step_logs()
    {
        var test = await Vault("production");

        foreach (var step in PulumiTest.Plan("production").Vault.Steps)
        {
            Assert.True(test.OptionsOf(step.Name).Protect, step.Name);
            // The SDK adds its own ("connection") to ours.
            Assert.Superset(new HashSet<string> { "stdout", "stderr" }, test.OptionsOf(step.Name).AdditionalSecretOutputs.ToHashSet());
            Assert.Equal("none", test.Named(step.Name).Text("logging"));
        }
    }

    [Fact]
    public async Task The_address_and_ca_certificate_are_outputs()
    {
        var test = await Vault("production");

        Assert.Equal("https://10.0.1.3:8200", await PulumiTest.ValueOf((Output<string>)test.Outputs["address"]!));
        Assert.Equal("output of vault-tls", await PulumiTest.ValueOf((Output<string>)test.Outputs["ca"]!));
    }

    [Fact]
    public async Task The_unseal_keys_are_a_secret_output_read_from_the_init_answer()
    {
        var test = await Vault("production");

        // The mock's stdout is not Vault's answer: InitAnswerTests (Stacks.Tests) reads a real one.
        var keys = (Output<System.Collections.Immutable.ImmutableArray<string>>)test.Outputs["unsealKeys"]!;
        Assert.True(await Output.IsSecretAsync(keys));
        Assert.Equal(InitAnswer.UnsealKeys("output of vault-init"), await PulumiTest.ValueOf(keys));
    }
}

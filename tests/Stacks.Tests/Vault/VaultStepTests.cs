using System.Text.Json.Nodes;
using Platform.Stacks.Plan;
using Platform.Stacks.Tests.Cli;
using Platform.Stacks.Vault;
using static Platform.Stacks.Vault.VaultStepKind;

namespace Platform.Stacks.Tests.Vault;

/// <summary>Vault's steps are found by their kind, and each fact about them (who unseals, what a step is sent) is decided once.</summary>
public class VaultStepTests
{
    public static TheoryData<string> Stacks => new() { "staging", "production" };

    [Fact]
    public void Each_step_has_a_kind_in_the_documented_order_and_its_name_derives_from_it()
    {
        var vault = Stack.Production.Plan().Vault;

        Assert.Equal([Tls, Install, Init, Unseal, Deployer, RevokeRoot, Configure, Secrets, Secrets, AppRoleFiles], vault.Steps.Select(s => s.Kind));
        Assert.All(vault.Steps, s => Assert.Equal(VaultStep.NameOf(VaultPlan.ComponentName, s.Kind, s.Subject), s.Name));
        Assert.Equal(["hello-world", "certbot"], vault.Steps.Where(s => s.Kind == Secrets).Select(s => s.Subject));
        Assert.Equal("vault-revoke-root", vault.Step(RevokeRoot).Name);
    }

    /// <summary>A step's input from another step is that step's output by kind, and that step ran before it.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void A_step_is_sent_only_what_an_earlier_step_printed(string stack)
    {
        var plan = Stack.Load(stack).Plan();
        var vault = plan.Vault;

        var taken = vault.Steps.Select((step, i) => (step, i))
            .SelectMany(x => x.step.SecretInputs.Values.OfType<SecretSource.StepOutput>().Select(o => (x.step, x.i, o.Step))).ToList();

        Assert.Equal([Init, Deployer], taken.Select(t => t.Step).Distinct().Order());
        Assert.All(taken, t =>
        {
            Assert.True(vault.Steps.ToList().IndexOf(vault.Step(t.Step)) < t.i, $"{t.step.Name} takes the output of {t.Step}, which runs after it");
            Assert.Contains(SecretSourceOf.Resource(vault.Step(t.Step).Name), plan.Resources.Single(r => r.Name == t.step.Name).SecretSources["stdin"]);
        });
    }

    [Fact]
    public void The_first_backups_wait_for_the_step_that_writes_their_credential_files() =>
        Assert.Contains(Stack.Production.Plan().Vault.Step(AppRoleFiles).Name,
            Stack.Production.Plan().Backups.Hosts.Single(h => h.Vault).WaitsFor);

    /// <summary>
    /// The init output holds the root token. The unseal step is sent it, and its script reads it, only where the step
    /// unseals with its shares (staging's are plain); production's are PGP-encrypted, the operators unseal, and the
    /// step, which only tells them so, is sent nothing and reads nothing.
    /// </summary>
    [Theory]
    [InlineData("staging", false)]
    [InlineData("production", true)]
    public void The_unseal_step_is_sent_the_init_output_only_where_it_unseals_with_it(string stack, bool byOperators)
    {
        var plan = Stack.Load(stack).Plan();
        var unseal = plan.Vault.Step(Unseal);
        var planned = plan.Resources.Single(r => r.Name == unseal.Name);
        var reader = ScriptInputs.Reader([VaultApi.InitInput]);

        Assert.Equal(byOperators, plan.Vault.Unsealing.ByOperators);
        if (byOperators)
        {
            Assert.Empty(unseal.SecretInputs);
            Assert.DoesNotContain("stdin.names", planned.Inputs.Keys);
            Assert.DoesNotContain("stdin", planned.SecretInputs);
            Assert.DoesNotContain(reader, unseal.Script);
            Assert.Contains("encrypted for the operators", unseal.Script);
        }
        else
        {
            Assert.Equal(new SecretSource.StepOutput(Init), Assert.Single(unseal.SecretInputs, i => i.Key == VaultApi.InitInput).Value);
            Assert.Equal("[VAULT_INIT_JSON]", planned.Inputs["stdin.names"]);
            Assert.Equal([SecretSourceOf.Resource(plan.Vault.Step(Init).Name)], planned.SecretSources["stdin"]);
            Assert.Contains(reader, unseal.Script);
        }
    }

    /// <summary>
    /// What review reads (`plan STACK -o json`): staging's unseal step takes the init output on standard input, a secret;
    /// production's takes nothing. Before issue 19 production's showed <c>stdin.names = [VAULT_INIT_JSON]</c> too.
    /// </summary>
    [Theory]
    [InlineData("staging", "[VAULT_INIT_JSON]")]
    [InlineData("production", null)]
    public void The_plan_shows_what_the_unseal_step_is_sent(string stack, string? stdinNames)
    {
        var (exit, output, _) = CliRun.Run("plan", stack, "-o", "json", "--dir", Stack.RepoRoot);

        Assert.Equal(0, exit);
        var unseal = JsonNode.Parse(output)!["resources"]!.AsArray().Single(r => (string?)r!["name"] == "vault-unseal")!;
        Assert.Equal(stdinNames, (string?)unseal["inputs"]!["stdin.names"]);
        Assert.Equal(stdinNames is not null, unseal["secretInputs"]!.AsArray().Any(i => (string?)i == "stdin"));
    }
}

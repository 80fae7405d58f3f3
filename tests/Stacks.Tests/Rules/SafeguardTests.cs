using System.Text.Json;
using Platform.Cli;
using Platform.Stacks.Plan;
using static Platform.Stacks.Tests.Cli.CliRun;

namespace Platform.Stacks.Tests.Rules;

/// <summary>
/// Rule protected-stack keyed on one setting, <c>platform:protect</c>, never on the stack's name: a copy of production under
/// another name keeps every safeguard, and a stack that names the hosts which run today is refused without it.
/// </summary>
public class SafeguardTests
{
    private static string ProductionYaml => File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));

    /// <summary>A project folder with the given stack files, as an operator who copied production would have it.</summary>
    private static string Project(params (string Stack, string Yaml)[] stacks)
    {
        var dir = Directory.CreateTempSubdirectory("platform-safeguards-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        foreach (var (stack, yaml) in stacks)
            File.WriteAllText(Path.Combine(dir, $"Pulumi.{stack}.yaml"), yaml);
        return dir;
    }

    private static List<(string Name, bool Protect, bool Retain, string? DeleteProtection)> Safeguarded(string planJson) =>
        JsonDocument.Parse(planJson).RootElement.GetProperty("resources").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("protect").GetBoolean(), r.GetProperty("retainOnDelete").GetBoolean(),
                r.GetProperty("inputs").TryGetProperty("deleteProtection", out var d) ? d.GetString() : null))
            .Where(r => r.Item2 || r.Item3 || r.Item4 is not null).ToList();

    [Fact]
    public void A_copy_of_production_under_another_name_keeps_every_safeguard()
    {
        var (_, production, _) = Run("plan", "production", "--json", "--dir", Project(("production", ProductionYaml)));

        var (exit, copy, err) = Run("plan", "prod-eu", "--json", "--dir", Project(("prod-eu", ProductionYaml)));

        Assert.True(exit == 0, err);
        var expected = Safeguarded(production);
        Assert.Contains(expected, r => r.Protect);
        Assert.Contains(expected, r => r.Retain);
        Assert.Equal(expected, Safeguarded(copy));
        Assert.All(expected.Where(r => r.DeleteProtection is not null), r => Assert.Equal("true", r.DeleteProtection));
    }

    [Fact]
    public void A_copy_of_production_refuses_ssh_from_the_world_and_unverified_vault_tls()
    {
        var yaml = ProductionYaml.Replace("      - 203.0.113.0/28", "      - 0.0.0.0/0").Replace("    tlsSkipVerify: false", "    tlsSkipVerify: true");

        var (exit, _, err) = Run("validate", "prod-eu", "--dir", Project(("prod-eu", yaml)));

        Assert.Equal(1, exit);
        Assert.Contains($"{Stack.Production.AdminCidr("203.0.113.0/28")}: SSH open to '0.0.0.0/0' is not allowed in a protected stack", err);
        Assert.Contains("platform:vault.tlsSkipVerify: TLS verification is never skipped in a protected stack", err);
    }

    [Fact]
    public void A_stack_that_names_the_hosts_which_run_today_is_refused_without_the_setting()
    {
        var yaml = ProductionYaml.Replace("  platform:protect: true\n", "");
        Assert.NotEqual(ProductionYaml, yaml);

        var (exit, _, err) = Run("validate", "prod-eu", "--dir", Project(("prod-eu", yaml)));

        Assert.Equal(1, exit);
        Assert.Contains($"{Stack.Production.Server("oracle-bridge")}.publicIp: names the server 'oracle-bridge' that runs at 65.21.149.226, which runs today, but the stack is not protected: set platform:protect: true", err);
        Assert.Contains("platform:hetzner.dedicated: names the dedicated server 'ax42u-hel1' (157.180.13.84)", err);
    }

    [Fact]
    public void A_stack_that_adopts_a_live_network_is_refused_without_the_setting() =>
        Assert.Contains("platform:hetzner.network.importId", Stack.Staging.Set("platform:hetzner.network.importId", "2002").ProblemKeys());

    [Fact]
    public void A_stack_that_creates_all_its_hosts_may_stay_unprotected() =>
        Assert.DoesNotContain(Stack.Staging.Plan().Resources, r => r.Policy.Protect || r.Policy.RetainOnDelete);

    [Fact]
    public void The_setting_protects_whichever_stack_sets_it()
    {
        var plan = Stack.Staging.Set(Safeguards.ConfigKey, "true").Plan();

        Assert.All(plan.Resources.Where(r => r.Type is Tokens.HcloudServer or Tokens.HcloudNetwork or Tokens.R2Bucket), r => Assert.True(r.Policy.Protect, r.Name));
        Assert.Contains(plan.Resources, r => r.Policy.RetainOnDelete);
        var world = Stack.Staging.Set(Safeguards.ConfigKey, "true").SetList("platform:hetzner.adminCidrs", "::/0");
        Assert.Contains(world.AdminCidr("::/0"), world.ProblemKeys());
    }

    [Fact]
    public void The_setting_is_true_or_false()
    {
        var problem = Assert.Single(Stack.Staging.Set(Safeguards.ConfigKey, "yes please").Problems());

        Assert.Equal(Safeguards.ConfigKey, problem.Key);
        Assert.Contains("expected true or false", problem.Message);
    }
}

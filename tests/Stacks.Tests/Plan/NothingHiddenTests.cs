using Platform.Cli;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Plan;

/// <summary>
/// Issue 16, point 2: the plan hides nothing by abbreviation. A change anywhere in what a resource receives
/// changes the plan's text, so a reviewer reading `plan --json` (or `diff`) sees it: an SSH key whose middle
/// was swapped, a script line, a CORS origin, an input the provider replaces on.
/// </summary>
public class NothingHiddenTests
{
    public static TheoryData<string> Stacks => new() { "staging", "production" };

    private static string Json(Stack s) => JsonPlan.Write(s.Plan());
    private static string Tree(Stack s) => TreePlan.Write(s.Plan());

    [Fact]
    public void An_ssh_key_swapped_in_the_middle_changes_the_plan()
    {
        var production = Stack.Production;
        var key = production.Plan().SshKeys.Keys.Single(k => k.Name == "oracle-bridge-deploy").PublicKey;
        var middle = key.Length / 2;
        var swapped = production.Set($"{production.SshKey("oracle-bridge-deploy")}.publicKey", key[..middle] + "X" + key[(middle + 1)..]);

        Assert.NotEqual(Json(production), Json(swapped));
        Assert.NotEqual(Tree(production), Tree(swapped));
        Assert.Contains(key, Json(production));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void No_plan_output_abbreviates_a_value(string stack)
    {
        var s = Stack.Load(stack);

        Assert.DoesNotContain("…", Json(s));
        Assert.DoesNotContain("…", Tree(s));
    }

    /// <summary>Every script and every server's user data is shown by its full SHA-256, so one changed line changes the plan.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_script_and_user_data_is_shown_by_its_hash(string stack)
    {
        var plan = Stack.Load(stack).Plan();

        foreach (var script in RemoteCommands.Of(plan))
        {
            var resource = plan.Resources.Single(r => r.Name == script.Name && r.Type is Tokens.RemoteCommand or Tokens.LocalCommand or Tokens.HcloudServer);
            Assert.Contains($"sha256 {script.Sha256}", resource.Inputs[script.Input]);
        }
        var traefik = plan.Resources.Single(r => r.Type == Tokens.HelmChartConfig);
        Assert.Contains(TextDigest.Sha256(plan.Gateway.TraefikValues), traefik.Inputs["valuesContent"]);
    }

    [Fact]
    public void A_cors_origin_of_the_gateway_changes_the_plan()
    {
        var production = Stack.Production;
        var changed = production.SetList("platform:gateway.corsOrigins", "https://www.helloworlddao.com", "https://evil.example");

        var cors = changed.Plan().Resources.Single(r => r.Name == "gw-cors");
        Assert.Contains("https://evil.example", cors.Inputs["spec"]);
        Assert.NotEqual(Json(production), Json(changed));
    }

    [Theory]
    [InlineData("platform:dns.zoneId", "0123456789abcdef0123456789abcdef", "zoneId")]
    [InlineData("platform:storage.accountId", "0123456789abcdef0123456789abcdef", "accountId")]
    public void An_input_the_provider_replaces_on_is_shown(string key, string value, string input)
    {
        var changed = Stack.Production.Set(key, value).Plan();

        Assert.Contains(changed.Resources, r => r.Inputs.GetValueOrDefault(input) == value);
    }
}

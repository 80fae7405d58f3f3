using Platform.Stacks.Storage;

namespace Platform.Stacks.Tests.Rules;

/// <summary>
/// Rule refused-before-the-provider: what the real providers and services would refuse is refused first, with its key.
/// </summary>
public class ProviderRuleTests
{
    [Theory]
    [InlineData("cx22", "cx23")]
    [InlineData("cx42", "cx43")]
    [InlineData("cx11", "cx23")]
    // hetznercloud/cli#1211 (Hetzner, 2025-10-24): "The cpx_1 and cx_2 Server Types have been deprecated".
    [InlineData("cpx11", "cpx22")]
    [InlineData("cpx21", "cpx22")]
    [InlineData("cpx31", "cpx32")]
    public void A_retired_server_type_is_refused_for_a_new_server_naming_its_replacement(string retired, string replacement)
    {
        var problem = Assert.Single(Stack.Staging.Set($"{Stack.Staging.Server("staging-oracle-bridge")}.serverType", retired).Problems());

        Assert.Equal($"{Stack.Staging.Server("staging-oracle-bridge")}.serverType", problem.Key);
        Assert.Contains($"use {replacement}", problem.Message);
    }

    [Theory]
    [InlineData("cx23")]
    [InlineData("cx33")]
    [InlineData("cx43")]
    [InlineData("cx53")]
    [InlineData("cax21")]
    [InlineData("ccx13")]
    public void Current_server_types_are_accepted(string type) =>
        Assert.Empty(Stack.Staging.Set($"{Stack.Staging.Server("staging-oracle-bridge")}.serverType", type).Problems());

    [Fact]
    public void A_server_that_runs_today_may_keep_its_retired_type_since_adoption_imports_it_as_it_is() =>
        Assert.Empty(Stack.Production.Set($"{Stack.Production.Server("oracle-bridge")}.serverType", "cx22").Problems());

    [Fact]
    public void An_unknown_server_type_lists_the_current_ones()
    {
        var problem = Assert.Single(Stack.Staging.Set($"{Stack.Staging.Server("staging-oracle-bridge")}.serverType", "cx99").Problems());

        Assert.Contains("cx23", problem.Message);
    }

    [Fact]
    public void A_one_replica_rolling_update_needs_room_for_its_surge_pod()
    {
        // ollama: 4 cpu / 8Gi limits in a 6 cpu / 12Gi quota beside 1.35 cpu / 1.19Gi of others.
        var problems = Stack.Production.Set($"{Stack.Production.Workload("ollama")}.strategy", "RollingUpdate").Problems();

        Assert.Equal([$"{Stack.Production.Namespace("platform")}.quota.cpu", $"{Stack.Production.Namespace("platform")}.quota.memory"], problems.Select(p => p.Key));
        Assert.All(problems, p => Assert.Contains("'ollama' rolls out", p.Message));
        Assert.All(problems, p => Assert.Contains($"{Stack.Production.Workload("ollama")}.strategy to Recreate", p.Message));
    }

    [Fact]
    public void The_surge_counts_when_the_workload_declares_no_strategy() =>
        Assert.Contains($"{Stack.Production.Namespace("platform")}.quota.memory",
            Stack.Production.Remove($"{Stack.Production.Workload("ollama")}.strategy").ProblemKeys());

    [Fact]
    public void A_surge_that_fits_is_accepted_and_the_rule_counts_the_largest_one()
    {
        // Staging's hello-world: glitchtip's 1Gi limit twice fits 2Gi exactly; 1Gi of quota less does not.
        Assert.Empty(Stack.Staging.Problems());
        var problem = Assert.Single(Stack.Staging.Set($"{Stack.Staging.Namespace("hello-world")}.quota.memory", "1536Mi").Problems());

        Assert.Contains("'glitchtip' rolls out", problem.Message);
    }

    [Fact]
    public void A_strategy_is_one_kubernetes_knows() =>
        Assert.Contains($"{Stack.Staging.Workload("health")}.strategy",
            Stack.Staging.Set($"{Stack.Staging.Workload("health")}.strategy", "BlueGreen").ProblemKeys());

    [Fact]
    public void The_plan_shows_the_strategy_the_deployment_gets()
    {
        var deployment = Stack.Production.Plan().Resources.Single(r => r.Name == "platform-ollama-deployment");

        Assert.Equal("Recreate", deployment.Inputs["strategy"]);
    }

    [Theory]
    [InlineData("default", "https://5a3c8e1f9b2d4c6e8f0a1b3c5d7e9f21.r2.cloudflarestorage.com")]
    [InlineData("eu", "https://5a3c8e1f9b2d4c6e8f0a1b3c5d7e9f21.eu.r2.cloudflarestorage.com")]
    [InlineData("fedramp", "https://5a3c8e1f9b2d4c6e8f0a1b3c5d7e9f21.fedramp.r2.cloudflarestorage.com")]
    public void An_r2_bucket_is_reached_at_the_endpoint_of_its_jurisdiction(string jurisdiction, string endpoint)
    {
        var plan = Stack.Staging.Set($"{Stack.Staging.R2Bucket("hwdao-staging-media")}.jurisdiction", jurisdiction).Plan();

        Assert.Equal(endpoint, plan.Components.OfType<R2BucketPlan>().Single().Endpoint);
    }

    [Theory]
    [InlineData("CAA", "0 issue \"letsencrypt.org\"")]
    [InlineData("SRV", "10 5 5060 sip.example.com")]
    [InlineData("caa", "0 issue \"letsencrypt.org\"")]
    public void Records_cloudflare_takes_as_structured_data_are_refused_with_what_to_do(string type, string content)
    {
        var added = Stack.Production.Next("platform:dns.records");
        var problem = Assert.Single(Stack.Production.Append("platform:dns.records", ("name", "legacy"), ("type", type), ("content", content)).Problems());

        Assert.Equal($"{added}.type", problem.Key);
        Assert.Contains("'data'", problem.Message);
        Assert.Contains("platform:dns.unmanaged", problem.Message);
    }
}

namespace Platform.Stacks.Tests.Rules;

/// <summary>
/// The network path of the deploys (README "Deploying for real"): the deploy runner's egress address is one
/// key, platform:hetzner.deployRunnerCidrs, and both the Hetzner firewall (here) and the hosts' ufw
/// (Scripts/HostScriptTests, executed) let it reach SSH and the k3s API. The oracle bridge's own deploy
/// workflows SSH to its host from the same runner.
/// </summary>
public class DeployRunnerAccessTests
{
    private const string Runner = "203.0.113.20/32"; // deployRunnerCidrs of both committed stack files

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_hetzner_firewall_of_every_server_lets_the_deploy_runner_and_the_admins_reach_ssh(string stack)
    {
        var plan = Stack.Load(stack).Plan();

        Assert.NotEmpty(plan.Servers);
        foreach (var server in plan.Servers)
        {
            var ssh = Assert.Single(server.FirewallRules, r => r.Port == "22");
            Assert.Contains(Runner, ssh.SourceIps);
            Assert.Contains("198.51.100.10/32", ssh.SourceIps);
            Assert.DoesNotContain("0.0.0.0/0", ssh.SourceIps);
        }
    }

    [Fact]
    public void The_cluster_host_lets_the_deploy_runner_reach_the_k3s_api_for_the_kubernetes_provider()
    {
        var k3s = Stack.Staging.Plan().Servers.Single(x => x.Name == "staging-k3s");

        Assert.Contains(Runner, Assert.Single(k3s.FirewallRules, r => r.Port == "6443").SourceIps);
    }

    [Fact]
    public void The_oracle_bridge_keeps_ssh_for_its_own_deploys_from_the_deploy_runner()
    {
        // docs/sources/hello-world-dao-infrastructure.txt: oracle-bridge's docker-build.yml and deploy-production.yml SSH to the VPS as `deploy`.
        var bridge = Stack.Production.Plan().Servers.Single(x => x.Name == "oracle-bridge");

        Assert.Contains(Runner, Assert.Single(bridge.FirewallRules, r => r.Port == "22").SourceIps);
        Assert.Contains(bridge.FirewallRules, r => r.Port == "443" && r.SourceIps.Contains("0.0.0.0/0"));
    }

    [Fact]
    public void A_changed_runner_address_moves_both_firewalls_with_it()
    {
        var plan = Stack.Production.SetList("platform:hetzner.deployRunnerCidrs", "192.0.2.44/32").Plan();

        Assert.Contains("192.0.2.44/32", plan.Servers.Single().FirewallRules.Single(r => r.Port == "22").SourceIps);
        Assert.DoesNotContain(Runner, plan.Servers.Single().FirewallRules.Single(r => r.Port == "22").SourceIps);
        Assert.Contains("192.0.2.44/32", plan.Dedicated!.VlanScript);
        Assert.DoesNotContain(Runner, plan.Dedicated.VlanScript);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void Without_a_deploy_runner_address_the_stack_does_not_validate(string stack)
    {
        var problem = Assert.Single(Stack.Load(stack).Remove("platform:hetzner.deployRunnerCidrs").Problems(),
            p => p.Key == "platform:hetzner.deployRunnerCidrs");

        Assert.Contains("deploy runner's egress address", problem.Message);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "not allowed in a protected stack")]
    [InlineData("::/0", "not allowed in a protected stack")]
    [InlineData("203.0.113.300/32", "is not a CIDR range")]
    public void The_deploy_runner_range_is_checked_like_the_admin_ranges(string range, string message)
    {
        var problem = Assert.Single(Stack.Production.SetList("platform:hetzner.deployRunnerCidrs", range).Problems());

        Assert.Equal(Stack.Production.DeployRunnerCidr("203.0.113.20/32"), problem.Key);
        Assert.Contains(message, problem.Message);
    }
}

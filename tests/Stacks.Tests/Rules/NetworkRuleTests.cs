namespace Platform.Stacks.Tests.Rules;

/// <summary>Rule addresses-fit: addresses that fit together.</summary>
public class NetworkRuleTests
{
    [Fact]
    public void The_cloud_subnet_lies_inside_the_network_range() =>
        Assert.Contains("platform:hetzner.network.cloudSubnet",
            Stack.Production.Set("platform:hetzner.network.cloudSubnet", "10.9.0.0/24").ProblemKeys());

    [Fact]
    public void Subnets_do_not_overlap() =>
        Assert.Contains("platform:hetzner.network.vswitch.subnet",
            Stack.Production.Set("platform:hetzner.network.vswitch.subnet", "10.0.0.0/23").ProblemKeys());

    [Fact]
    public void A_server_private_ip_lies_in_the_cloud_subnet() =>
        Assert.Contains($"{Stack.Production.Server("oracle-bridge")}.privateIp",
            Stack.Production.Set($"{Stack.Production.Server("oracle-bridge")}.privateIp", "10.0.5.2").ProblemKeys());

    [Fact]
    public void The_subnet_gateway_is_not_a_server_address() =>
        Assert.Contains($"{Stack.Production.Server("oracle-bridge")}.privateIp",
            Stack.Production.Set($"{Stack.Production.Server("oracle-bridge")}.privateIp", "10.0.0.1").ProblemKeys());

    [Fact]
    public void Private_ips_are_unique() =>
        Assert.Contains($"{Stack.Staging.Server("staging-k3s")}.privateIp",
            Stack.Staging.Set($"{Stack.Staging.Server("staging-k3s")}.privateIp", "10.1.0.2").ProblemKeys());

    [Theory]
    [InlineData("3999")]
    [InlineData("4092")]
    public void The_vlan_is_in_the_robot_range(string vlan)
    {
        var problem = Assert.Single(Stack.Production.Set("platform:hetzner.network.vswitch.vlan", vlan).Problems());

        Assert.Equal("platform:hetzner.network.vswitch.vlan", problem.Key);
        Assert.Contains("4000-4091", problem.Message);
    }

    [Fact]
    public void The_vswitch_subnet_has_a_vswitch_id() =>
        Assert.Contains("platform:hetzner.network.vswitch.id",
            Stack.Production.Set("platform:hetzner.network.vswitch.id", "0").ProblemKeys());

    [Fact]
    public void The_dedicated_server_private_ip_lies_in_the_vswitch_subnet() =>
        Assert.Contains("platform:hetzner.dedicated.privateIp",
            Stack.Production.Set("platform:hetzner.dedicated.privateIp", "10.0.0.9").ProblemKeys());

    [Fact]
    public void A_dedicated_server_needs_a_vswitch() =>
        Assert.Contains("platform:hetzner.dedicated", Stack.Production.Remove("platform:hetzner.network.vswitch").ProblemKeys());

    [Fact]
    public void The_network_does_not_overlap_the_k3s_ranges() =>
        Assert.Contains("platform:hetzner.network.ipRange", Stack.Staging
            .Set("platform:hetzner.network.ipRange", "10.42.0.0/16")
            .ProblemKeys());

    [Fact]
    public void A_cidr_with_host_bits_is_rejected() =>
        Assert.Contains("platform:hetzner.network.ipRange",
            Stack.Production.Set("platform:hetzner.network.ipRange", "10.0.0.5/16").ProblemKeys());
}

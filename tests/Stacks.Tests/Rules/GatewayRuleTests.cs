namespace Platform.Stacks.Tests.Rules;

/// <summary>The gateway routes only to what exists and is reachable from its namespace.</summary>
public class GatewayRuleTests
{
    [Fact]
    public void A_route_to_an_unknown_backend_is_an_error() =>
        Assert.Contains("platform:gateway.routes[0].backend", Stack.Production.Set("platform:gateway.routes[0].backend", "nothing").ProblemKeys());

    [Fact]
    public void A_route_port_must_be_the_backends() =>
        Assert.Contains("platform:gateway.routes[2].port", Stack.Production.Set("platform:gateway.routes[2].port", "8787").ProblemKeys());

    [Fact]
    public void A_workload_in_another_namespace_is_reached_through_a_shim()
    {
        var problem = Assert.Single(Stack.Production
            .Set("platform:gateway.routes[1].backend", "founderyos-api").Problems());

        Assert.Equal("platform:gateway.routes[1].backend", problem.Key);
        Assert.Contains("add a shim", problem.Message);
    }

    [Fact]
    public void The_gateway_host_must_resolve() =>
        Assert.Contains("platform:gateway.host", Stack.Production.Set("platform:gateway.host", "api3.helloworlddao.com").ProblemKeys());

    [Fact]
    public void A_shim_address_lies_on_the_private_network() =>
        Assert.Contains("platform:gateway.shims[1].address", Stack.Production.Set("platform:gateway.shims[1].address", "192.168.1.5").ProblemKeys());

    [Fact]
    public void Service_token_routes_need_the_verifier() =>
        Assert.Contains("platform:gateway.routes", Stack.Production
            .Remove("platform:cluster.workloads[1]")
            .ProblemKeys());
}

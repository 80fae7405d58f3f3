namespace Platform.Stacks.Tests.Rules;

/// <summary>Rule gateway-routes-resolve: the gateway routes only to what exists and is reachable from its namespace.</summary>
public class GatewayRuleTests
{
    [Fact]
    public void A_route_to_an_unknown_backend_is_an_error() =>
        Assert.Contains($"{Stack.Production.Route("/health")}.backend", Stack.Production.Set($"{Stack.Production.Route("/health")}.backend", "nothing").ProblemKeys());

    [Fact]
    public void A_route_port_must_be_the_backends() =>
        Assert.Contains($"{Stack.Production.Route("/oracle")}.port", Stack.Production.Set($"{Stack.Production.Route("/oracle")}.port", "8787").ProblemKeys());

    [Fact]
    public void A_workload_in_another_namespace_is_reached_through_a_shim()
    {
        var problem = Assert.Single(Stack.Production
            .Set($"{Stack.Production.Route("/fos")}.backend", "founderyos-api").Problems());

        Assert.Equal($"{Stack.Production.Route("/fos")}.backend", problem.Key);
        Assert.Contains("add a shim", problem.Message);
    }

    [Fact]
    public void The_gateway_host_must_resolve() =>
        Assert.Contains("platform:gateway.host", Stack.Production.Set("platform:gateway.host", "api3.helloworlddao.com").ProblemKeys());

    [Fact]
    public void A_shim_address_lies_on_the_private_network() =>
        Assert.Contains($"{Stack.Production.Shim("oracle-shim")}.address", Stack.Production.Set($"{Stack.Production.Shim("oracle-shim")}.address", "192.168.1.5").ProblemKeys());

    [Fact]
    public void Service_token_routes_need_the_verifier() =>
        Assert.Contains("platform:gateway.routes", Stack.Production
            .Remove(Stack.Production.Workload("token-authz"))
            .ProblemKeys());
}

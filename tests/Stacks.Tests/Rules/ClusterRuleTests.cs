namespace Platform.Stacks.Tests.Rules;

/// <summary>Rule resource-stability (docs/sources/hello-world-dao-infrastructure.txt "Resource Stability Rules").</summary>
public class ClusterRuleTests
{
    [Theory]
    [InlineData("cpuRequest")]
    [InlineData("cpuLimit")]
    [InlineData("memoryRequest")]
    [InlineData("memoryLimit")]
    public void A_container_without_a_request_or_limit_is_an_error(string field)
    {
        var key = $"platform:cluster.workloads[2].resources.{field}";

        var problem = Assert.Single(Stack.Production.Remove(key).Problems());

        Assert.Equal(key, problem.Key);
        Assert.Contains("every container needs", problem.Message);
    }

    [Fact]
    public void A_limit_below_its_request_is_an_error()
    {
        var stack = Stack.Production.Set("platform:cluster.workloads[2].resources.memoryLimit", "64Mi");

        Assert.Contains("platform:cluster.workloads[2].resources.memoryLimit", stack.ProblemKeys());
    }

    [Fact]
    public void A_namespace_without_quota_or_limit_range_is_an_error()
    {
        var keys = Stack.Production
            .Remove("platform:cluster.namespaces[1].quota")
            .Remove("platform:cluster.namespaces[2].limitRange.maxMemory")
            .ProblemKeys();

        Assert.Contains("platform:cluster.namespaces[1].quota.cpu", keys);
        Assert.Contains("platform:cluster.namespaces[1].quota.memory", keys);
        Assert.Contains("platform:cluster.namespaces[2].limitRange.maxMemory", keys);
    }

    [Fact]
    public void Workloads_must_fit_their_namespace_quota()
    {
        var problem = Assert.Single(Stack.Production.Set("platform:cluster.namespaces[0].quota.memory", "4Gi").Problems());

        Assert.Equal("platform:cluster.namespaces[0].quota.memory", problem.Key);
        Assert.Contains("more than its quota", problem.Message);
    }

    [Fact]
    public void All_quotas_must_fit_the_nodes_allocatable_memory()
    {
        // The AX42-U: 64Gi − 2Gi system-reserved − 500Mi eviction = 61.51Gi allocatable; the quotas add up to 46Gi.
        var stack = Stack.Production.Set("platform:cluster.namespaces[1].quota.memory", "40Gi");

        var problem = Assert.Single(stack.Problems());
        Assert.Equal("platform:cluster.namespaces", problem.Key);
        Assert.Contains("61.51Gi", problem.Message);
    }

    [Fact]
    public void A_container_above_the_limit_range_maximum_is_rejected_here_not_by_the_cluster() =>
        Assert.Contains("platform:cluster.workloads[4].resources.memoryLimit",
            Stack.Production.Set("platform:cluster.namespaces[0].limitRange.maxMemory", "4Gi").ProblemKeys());

    [Fact]
    public void A_workload_in_an_undeclared_namespace_is_an_error() =>
        Assert.Contains("platform:cluster.workloads[0].namespace",
            Stack.Production.Set("platform:cluster.workloads[0].namespace", "nowhere").ProblemKeys());

    [Fact]
    public void Images_carry_a_pinned_tag() =>
        Assert.Contains("platform:cluster.workloads[0].image",
            Stack.Production.Set("platform:cluster.workloads[0].image", "nginx:latest").ProblemKeys());

    [Fact]
    public void Role_bindings_never_grant_cluster_admin() =>
        Assert.Contains("platform:cluster.namespaces[1].roleBindings[0].role",
            Stack.Production.Set("platform:cluster.namespaces[1].roleBindings[0].role", "cluster-admin").ProblemKeys());
}

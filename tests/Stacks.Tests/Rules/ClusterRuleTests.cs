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
        var key = $"{Stack.Production.Workload("notification-service")}.resources.{field}";

        var problem = Assert.Single(Stack.Production.Remove(key).Problems());

        Assert.Equal(key, problem.Key);
        Assert.Contains("every container needs", problem.Message);
    }

    [Fact]
    public void A_limit_below_its_request_is_an_error()
    {
        var stack = Stack.Production.Set($"{Stack.Production.Workload("notification-service")}.resources.memoryLimit", "64Mi");

        Assert.Contains($"{Stack.Production.Workload("notification-service")}.resources.memoryLimit", stack.ProblemKeys());
    }

    [Fact]
    public void A_namespace_without_quota_or_limit_range_is_an_error()
    {
        var keys = Stack.Production
            .Remove($"{Stack.Production.Namespace("hello-world")}.quota")
            .Remove($"{Stack.Production.Namespace("founderyos")}.limitRange.maxMemory")
            .ProblemKeys();

        Assert.Contains($"{Stack.Production.Namespace("hello-world")}.quota.cpu", keys);
        Assert.Contains($"{Stack.Production.Namespace("hello-world")}.quota.memory", keys);
        Assert.Contains($"{Stack.Production.Namespace("founderyos")}.limitRange.maxMemory", keys);
    }

    [Fact]
    public void Workloads_must_fit_their_namespace_quota()
    {
        var problem = Assert.Single(Stack.Production.Set($"{Stack.Production.Namespace("platform")}.quota.memory", "4Gi").Problems());

        Assert.Equal($"{Stack.Production.Namespace("platform")}.quota.memory", problem.Key);
        Assert.Contains("more than its quota", problem.Message);
    }

    [Fact]
    public void All_quotas_must_fit_the_nodes_allocatable_memory()
    {
        // The AX42-U: 64Gi − 2Gi system-reserved − 500Mi eviction = 61.51Gi allocatable; the quotas add up to 46Gi.
        var stack = Stack.Production.Set($"{Stack.Production.Namespace("hello-world")}.quota.memory", "40Gi");

        var problem = Assert.Single(stack.Problems());
        Assert.Equal("platform:cluster.namespaces", problem.Key);
        Assert.Contains("61.51Gi", problem.Message);
    }

    [Fact]
    public void A_container_above_the_limit_range_maximum_is_rejected_here_not_by_the_cluster() =>
        Assert.Contains($"{Stack.Production.Workload("ollama")}.resources.memoryLimit",
            Stack.Production.Set($"{Stack.Production.Namespace("platform")}.limitRange.maxMemory", "4Gi").ProblemKeys());

    [Fact]
    public void A_workload_in_an_undeclared_namespace_is_an_error() =>
        Assert.Contains($"{Stack.Production.Workload("health")}.namespace",
            Stack.Production.Set($"{Stack.Production.Workload("health")}.namespace", "nowhere").ProblemKeys());

    [Fact]
    public void Images_carry_a_pinned_tag() =>
        Assert.Contains($"{Stack.Production.Workload("health")}.image",
            Stack.Production.Set($"{Stack.Production.Workload("health")}.image", "nginx:latest").ProblemKeys());

    [Fact]
    public void Role_bindings_never_grant_cluster_admin()
    {
        var binding = Stack.Production.Entry($"{Stack.Production.Namespace("hello-world")}.roleBindings", "coby");
        Assert.Contains($"{binding}.role", Stack.Production.Set($"{binding}.role", "cluster-admin").ProblemKeys());
    }
}

namespace Platform.Stacks.Tests.Rules;

public class RealStacksTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_committed_stacks_are_valid(string stack) =>
        Assert.Empty(Stack.Load(stack).Problems());

    [Fact]
    public void Validation_reports_every_problem_at_once()
    {
        var problems = Stack.Production
            .Set($"{Stack.Production.IcDomain("www")}.proxied", "true")
            .Remove($"{Stack.Production.Workload("health")}.resources.memoryLimit")
            .SetList("platform:hetzner.adminCidrs", "0.0.0.0/0")
            .ProblemKeys();

        Assert.Contains($"{Stack.Production.IcDomain("www")}.proxied", problems);
        Assert.Contains($"{Stack.Production.Workload("health")}.resources.memoryLimit", problems);
        Assert.Contains(Stack.Production.AdminCidr("198.51.100.10/32"), problems);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_not_a_silent_default()
    {
        var problems = Stack.Production.Set("platform:vault.treshold", "1").Problems();

        var problem = Assert.Single(problems);
        Assert.Equal("platform:vault.treshold", problem.Key);
        Assert.Contains("unknown key", problem.Message);
    }

    [Fact]
    public void A_wrong_type_names_the_key_and_the_value()
    {
        var problem = Assert.Single(Stack.Production.Set("platform:vault.shares", "five").Problems());

        Assert.Equal("platform:vault.shares", problem.Key);
        Assert.Contains("'five'", problem.Message);
    }

    [Fact]
    public void A_missing_section_is_reported_by_its_key()
    {
        Assert.Contains("platform:gateway", Stack.Production.Remove("platform:gateway").ProblemKeys());
    }
}

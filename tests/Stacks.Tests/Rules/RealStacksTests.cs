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
            .Set("platform:dns.icDomains[1].proxied", "true")
            .Remove("platform:cluster.workloads[0].resources.memoryLimit")
            .SetList("platform:hetzner.adminCidrs", "0.0.0.0/0")
            .ProblemKeys();

        Assert.Contains("platform:dns.icDomains[1].proxied", problems);
        Assert.Contains("platform:cluster.workloads[0].resources.memoryLimit", problems);
        Assert.Contains("platform:hetzner.adminCidrs[0]", problems);
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

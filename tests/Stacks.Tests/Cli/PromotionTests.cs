using Platform.Cli;

namespace Platform.Stacks.Tests.Cli;

public class PromotionTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private static string From => File.ReadAllText(Path.Combine(Fixtures, "Pulumi.from.yaml"));
    private static string To => File.ReadAllText(Path.Combine(Fixtures, "Pulumi.to.yaml"));

    [Fact]
    public void Promotes_image_tags_and_versions_of_workloads_both_stacks_have()
    {
        var promotion = Promotion.Compute(From, "from", To, "to");

        Assert.Equal(
            [new("platform:cluster.k3sVersion", "v1.31.4+k3s1", "v1.32.1+k3s1"),
             new("platform:cluster.workloads[name=api].image", "ghcr.io/example/api:1.9.0", "ghcr.io/example/api:2.0.0"),
             new PromotionChange("platform:vault.version", "1.18.3", "1.19.0")],
            promotion.Changes);
    }

    [Fact]
    public void Changes_only_the_promoted_values_byte_for_byte()
    {
        var result = Promotion.Compute(From, "from", To, "to").Result;

        var expected = To
            .Replace("\"v1.31.4+k3s1\"", "\"v1.32.1+k3s1\"")
            .Replace("'ghcr.io/example/api:1.9.0'", "'ghcr.io/example/api:2.0.0'")
            .Replace("version: 1.18.3", "version: 1.19.0");
        Assert.Equal(expected, result);
        Assert.Contains("secure: v1:AAABAHPnX3Zs0j8Qm1xGv2C1Q5o6Vh8cT0Lw9uYzR3kE4fA=  # keep me", result);
        Assert.Contains("image: ghcr.io/example/old:0.1.0", result);
    }

    [Fact]
    public void Promoting_twice_changes_nothing_the_second_time()
    {
        var once = Promotion.Compute(From, "from", To, "to").Result;

        var twice = Promotion.Compute(From, "from", once, "to");

        Assert.Empty(twice.Changes);
        Assert.Equal(once, twice.Result);
    }

    [Fact]
    public void The_real_promotion_from_staging_to_production_keeps_every_other_line()
    {
        var staging = File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.staging.yaml"));
        var production = File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));

        var promotion = Promotion.Compute(staging, "staging", production, "production");

        Assert.Contains(promotion.Changes, c => c.Key == "platform:cluster.workloads[name=token-authz].image");
        var before = production.Split('\n');
        var after = promotion.Result.Split('\n');
        Assert.Equal(before.Length, after.Length);
        var changed = before.Zip(after).Count(p => p.First != p.Second);
        Assert.Equal(promotion.Changes.Count, changed);
        Assert.All(before.Zip(after).Where(p => p.First != p.Second), p => Assert.Contains("image:", p.First));
        Assert.Empty(Stack.Production.Problems()); // the committed production file itself stays valid
    }
}

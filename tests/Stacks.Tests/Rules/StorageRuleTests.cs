namespace Platform.Stacks.Tests.Rules;

/// <summary>Rule buckets-placed-and-named: explicit R2 location hints and S3 bucket names.</summary>
public class StorageRuleTests
{
    [Fact]
    public void An_r2_bucket_needs_an_explicit_location_hint()
    {
        var problem = Assert.Single(Stack.Production.Remove($"{Stack.Production.R2Bucket("hwdao-production-media")}.locationHint").Problems());

        Assert.Equal($"{Stack.Production.R2Bucket("hwdao-production-media")}.locationHint", problem.Key);
        Assert.Contains("can never move", problem.Message);
    }

    [Fact]
    public void Automatic_is_not_a_location_hint() =>
        Assert.Contains($"{Stack.Production.R2Bucket("hwdao-production-media")}.locationHint",
            Stack.Production.Set($"{Stack.Production.R2Bucket("hwdao-production-media")}.locationHint", "auto").ProblemKeys());

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("-leading-dash")]
    [InlineData("xn--punycode")]
    [InlineData("bucket-s3alias")]
    public void Bucket_names_follow_the_s3_rules(string name) =>
        Assert.Contains($"{Stack.Production.HetznerBucket("hwdao-production-archive")}.name",
            Stack.Production.Set($"{Stack.Production.HetznerBucket("hwdao-production-archive")}.name", name).ProblemKeys());

    [Fact]
    public void A_valid_bucket_name_passes() =>
        Assert.Empty(Stack.Production.Set($"{Stack.Production.HetznerBucket("hwdao-production-archive")}.name", "hwdao-2026-archive").Problems());

    [Fact]
    public void The_hetzner_region_is_one_of_hetzners() =>
        Assert.Contains($"{Stack.Production.HetznerBucket("hwdao-production-archive")}.region",
            Stack.Production.Set($"{Stack.Production.HetznerBucket("hwdao-production-archive")}.region", "eu-west-1").ProblemKeys());
}

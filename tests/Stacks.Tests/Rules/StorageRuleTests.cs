namespace Platform.Stacks.Tests.Rules;

/// <summary>Rule buckets-placed-and-named: explicit R2 location hints and S3 bucket names.</summary>
public class StorageRuleTests
{
    [Fact]
    public void An_r2_bucket_needs_an_explicit_location_hint()
    {
        var problem = Assert.Single(Stack.Production.Remove("platform:storage.r2Buckets[0].locationHint").Problems());

        Assert.Equal("platform:storage.r2Buckets[0].locationHint", problem.Key);
        Assert.Contains("can never move", problem.Message);
    }

    [Fact]
    public void Automatic_is_not_a_location_hint() =>
        Assert.Contains("platform:storage.r2Buckets[0].locationHint",
            Stack.Production.Set("platform:storage.r2Buckets[0].locationHint", "auto").ProblemKeys());

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("-leading-dash")]
    [InlineData("xn--punycode")]
    [InlineData("bucket-s3alias")]
    public void Bucket_names_follow_the_s3_rules(string name) =>
        Assert.Contains("platform:storage.hetznerBuckets[0].name",
            Stack.Production.Set("platform:storage.hetznerBuckets[0].name", name).ProblemKeys());

    [Fact]
    public void A_valid_bucket_name_passes() =>
        Assert.Empty(Stack.Production.Set("platform:storage.hetznerBuckets[0].name", "hwdao-2026-archive").Problems());

    [Fact]
    public void The_hetzner_region_is_one_of_hetzners() =>
        Assert.Contains("platform:storage.hetznerBuckets[0].region",
            Stack.Production.Set("platform:storage.hetznerBuckets[0].region", "eu-west-1").ProblemKeys());
}

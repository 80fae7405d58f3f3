namespace Platform.Stacks.Tests.Backup;

/// <summary>
/// The backup bucket's rules of validate: an R2 bucket like the others, its own (rule buckets-placed-and-named),
/// keeping each copy long enough (rule backups-overlap).
/// </summary>
public sealed class BackupRuleTests
{
    [Fact]
    public void Both_stacks_declare_their_backups() =>
        Assert.All(new[] { Stack.Staging, Stack.Production }, s => Assert.Empty(s.Problems()));

    [Fact]
    public void Every_problem_of_the_section_is_named_at_once()
    {
        var problems = Stack.Staging.Set("platform:backups.bucket", "Backups_Bucket").Remove("platform:backups.locationHint")
            .Set("platform:backups.jurisdiction", "moon").Set("platform:backups.retentionDays", "1").Problems();

        Assert.Equal(["platform:backups.bucket", "platform:backups.jurisdiction", "platform:backups.locationHint", "platform:backups.retentionDays"],
            problems.Select(p => p.Key).Order());
        Assert.Contains("yesterday's copy is there until today's has landed", problems.Single(p => p.Key.EndsWith("retentionDays")).Message);
    }

    [Fact]
    public void The_backups_need_a_bucket_of_their_own()
    {
        var problem = Assert.Single(Stack.Staging.Set("platform:backups.bucket", "hwdao-staging-media").Problems());

        Assert.Equal("platform:backups.bucket", problem.Key);
        Assert.Contains("a bucket of their own", problem.Message);
    }

    [Fact]
    public void A_stack_without_the_section_is_told_to_declare_it()
    {
        var problem = Assert.Single(Stack.Staging.Remove("platform:backups").Problems(), p => p.Key == "platform:backups");

        Assert.Contains("section missing", problem.Message);
    }
}

namespace Platform.Delivery.Tests;

/// <summary>When each workflow runs.</summary>
public class Triggers
{
    [Fact]
    public void The_three_workflows_of_the_delivery_path_exist()
    {
        Assert.Subset(Workflow.Files.ToHashSet(),
            new HashSet<string> { "pull-request.yml", "deploy-staging.yml", "promote-production.yml" });
    }

    [Fact]
    public void Pull_requests_to_main_are_reviewed_and_nothing_else_triggers_the_review()
    {
        var on = Workflow.Load("pull-request.yml").On;

        Assert.Equal(["pull_request"], on.Children.Keys.Select(k => k.Str()));
        Assert.Equal(["main"], on.Map("pull_request").Seq("branches").Select(b => b.Str()));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_workflow_runs_fork_code_with_secrets_through_pull_request_target(string file)
    {
        Assert.Null(Workflow.Load(file).On.Get("pull_request_target"));
    }

    [Fact]
    public void Staging_deploys_every_push_to_main_without_a_path_filter()
    {
        var on = Workflow.Load("deploy-staging.yml").On;

        Assert.Equal(["push"], on.Children.Keys.Select(k => k.Str()));
        var push = on.Map("push");
        Assert.Equal(["main"], push.Seq("branches").Select(b => b.Str()));
        // promote-production requires a staging run of the very commit: no commit of main may be skipped.
        Assert.Null(push.Get("paths"));
        Assert.Null(push.Get("paths-ignore"));
    }

    [Fact]
    public void Production_is_promoted_by_hand_with_a_commit_sha_or_by_a_published_release()
    {
        var on = Workflow.Load("promote-production.yml").On;

        Assert.Equal(["workflow_dispatch", "release"], on.Children.Keys.Select(k => k.Str()));
        var reference = on.Map("workflow_dispatch").Map("inputs").Map("ref");
        Assert.Equal("true", reference.Scalar("required"));
        Assert.Equal("string", reference.Scalar("type"));
        Assert.Equal(["published"], on.Map("release").Seq("types").Select(t => t.Str()));
    }

    [Fact]
    public void Production_is_never_deployed_by_a_push()
    {
        foreach (var file in Workflow.Files)
        {
            var workflow = Workflow.Load(file);
            var deploysProduction = workflow.PulumiSteps.Any(p => p.Step.Map("with").Scalar("stack-name") == "production"
                                                                  && p.Step.Map("with").Scalar("command") == "up");
            if (deploysProduction)
                Assert.Null(workflow.On.Get("push"));
        }
    }
}

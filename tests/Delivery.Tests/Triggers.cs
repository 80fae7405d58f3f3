namespace Platform.Delivery.Tests;

/// <summary>When each workflow runs.</summary>
public class Triggers
{
    [Fact]
    public void The_workflows_of_the_delivery_path_exist()
    {
        Assert.Equal(
            ["deploy-staging.yml", "lock-files.yml", "operations.yml", "promote-production.yml", "pull-request-comment.yml", "pull-request.yml", "verify-live.yml"],
            Workflow.Files);
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
    public void Production_is_never_deployed_by_a_push()
    {
        foreach (var file in Workflow.Files)
        {
            var workflow = Workflow.Load(file);
            if (workflow.PulumiCli("up").Any(p => Workflow.Run(p.Step).Contains("--stack production")))
                Assert.Null(workflow.On.Get("push"));
        }
    }
}

using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>The GITHUB_TOKEN of every run gets the least it needs.</summary>
public class Permissions
{
    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_workflow_grants_only_read_access_to_the_contents_at_the_top(string file)
    {
        var permissions = Workflow.Load(file).Root.Get("permissions");

        var map = Assert.IsType<YamlMappingNode>(permissions); // never missing, never `write-all` / `read-all`
        Assert.Equal([("contents", "read")], map.Children.Select(kv => (kv.Key.Str(), kv.Value.Str())));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_job_may_write_the_repository_contents_or_take_every_permission(string file)
    {
        foreach (var (id, job) in Workflow.Load(file).Jobs)
        {
            switch (job.Get("permissions"))
            {
                case null:
                    break;
                case YamlScalarNode all:
                    Assert.Fail($"{file}: job {id} sets permissions to '{all.Value}'; list the scopes it needs instead.");
                    break;
                case YamlMappingNode scopes:
                    Assert.NotEqual("write", scopes.Scalar("contents"));
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Only_a_job_that_comments_on_the_pull_request_may_write_to_pull_requests(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var (id, job) in workflow.Jobs)
        {
            var writes = (job.Get("permissions") as YamlMappingNode)?.Scalar("pull-requests") == "write";
            var comments = workflow.PulumiSteps.Any(p => p.Job == id && p.Step.Map("with").Scalar("comment-on-pr") == "true");
            Assert.True(writes == comments, $"{file}: job {id} {(writes ? "writes to pull requests without commenting" : "comments without pull-requests: write")}.");
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Only_the_job_that_lists_workflow_runs_may_read_actions(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var (id, job) in workflow.Jobs)
        {
            var reads = (job.Get("permissions") as YamlMappingNode)?.Get("actions") is not null;
            var listsRuns = workflow.Steps(id).Any(s => (s.Scalar("run") ?? "").Contains("gh run list"));
            Assert.True(reads == listsRuns, $"{file}: job {id}: actions permission {(reads ? "granted but unused" : "missing")}.");
            if (reads)
                Assert.Equal("read", ((YamlMappingNode)job.Get("permissions")!).Scalar("actions"));
        }
    }
}

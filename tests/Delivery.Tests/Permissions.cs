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

    /// <summary>The one script of each write permission: a job holds the permission exactly when it runs one of them.</summary>
    public static TheoryData<string, string> Writers => new()
    {
        { "pull-requests", ".ci/pr-comment.sh" },
        { "statuses", ".ci/live-checks.sh " },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public void A_job_may_write_only_what_its_script_writes(string scope, string script)
    {
        foreach (var file in Workflow.Files)
        {
            var w = Workflow.Load(file);
            foreach (var (id, job) in w.Jobs)
            {
                var writes = (job.Get("permissions") as YamlMappingNode)?.Scalar(scope) == "write";
                var runs = w.Steps(id).Any(s => Workflow.Run(s).Contains(script) && !(scope == "statuses" && Workflow.Run(s).Contains("live-checks.sh due")));
                Assert.True(writes == runs, $"{file}: job {id} {(writes ? $"may write {scope} without running {script}" : $"runs {script} without {scope}: write")}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Only_the_jobs_that_read_other_runs_may_read_actions(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var (id, job) in workflow.Jobs)
        {
            var reads = (job.Get("permissions") as YamlMappingNode)?.Get("actions") is not null;
            // What is live, what passed, and whether an up runs are read from the runs themselves (review A3, B6).
            var readsRuns = workflow.Steps(id).Any(s => Workflow.Run(s).Contains(".ci/promotion-check.sh")
                || Workflow.Run(s).Contains("live-checks.sh due") || Workflow.Run(s).Contains("live-checks.sh\" quiet")
                || (s.Get("uses")?.Str().StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true && s.Map("with").Get("run-id") is not null));
            Assert.True(reads == readsRuns, $"{file}: job {id}: actions permission {(reads ? "granted but unused" : "missing")}.");
            if (reads)
                Assert.Equal("read", ((YamlMappingNode)job.Get("permissions")!).Scalar("actions"));
        }
    }
}

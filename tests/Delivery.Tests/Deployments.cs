using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>Where `pulumi up` runs: in the stack's GitHub environment, one change of a stack's state at a time.</summary>
public class Deployments
{
    public static TheoryData<string, string, string> UpJobs => new()
    {
        { "deploy-staging.yml", "deploy", "staging" },
        { "promote-production.yml", "deploy", "production" },
    };

    [Fact]
    public void Pulumi_up_runs_only_in_the_known_deployment_jobs()
    {
        var found = Workflow.Files
            .SelectMany(file => Workflow.Load(file).PulumiCli("up").Select(p => (file, p.Job, System.Text.RegularExpressions.Regex.Match(Workflow.Run(p.Step), @"pulumi up --stack (\S+)").Groups[1].Value)))
            .ToList();

        Assert.Equal([("deploy-staging.yml", "deploy", "staging"), ("promote-production.yml", "deploy", "production")], found);
    }

    [Theory]
    [MemberData(nameof(UpJobs))]
    public void A_deployment_runs_in_the_github_environment_of_its_stack(string file, string job, string stack)
    {
        Assert.Equal(stack, Workflow.Load(file).Job(job).Scalar("environment"));
    }

    [Theory]
    [MemberData(nameof(UpJobs))]
    public void Only_one_deployment_per_stack_runs_at_a_time_and_none_is_cancelled_midway(string file, string job, string stack)
    {
        var concurrency = Workflow.Load(file).Job(job).Map("concurrency");

        Assert.Equal($"pulumi-{stack}", concurrency.Scalar("group"));
        Assert.Equal("false", concurrency.Scalar("cancel-in-progress"));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Only_deployments_and_state_operations_join_a_deployment_group(string file)
    {
        // A job queued in a deployment's group replaces a deployment still pending there: only a state
        // operation may (operations.yml says so), so that it never runs beside an up.
        var workflow = Workflow.Load(file);
        var allowed = UpJobs.Select(row => ((string)row[0], (string)row[1])).Append(("operations.yml", "operate")).ToHashSet();

        foreach (var (id, job) in workflow.Jobs.Where(j => !allowed.Contains((file, j.Key))))
            Assert.DoesNotMatch("^pulumi-", (job.Get("concurrency") as YamlMappingNode)?.Scalar("group") ?? "");
        Assert.DoesNotMatch("^pulumi-", (workflow.Root.Get("concurrency") as YamlMappingNode)?.Scalar("group") ?? "");
    }

    [Fact]
    public void The_production_environment_documents_its_required_reviewers()
    {
        Assert.Contains("Required reviewers on this environment", Workflow.Load("promote-production.yml").Text);
    }
}

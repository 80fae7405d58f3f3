using System.Text.RegularExpressions;

namespace Platform.Delivery.Tests;

/// <summary>Where `pulumi up` runs: in the stack's GitHub environment, one deployment per stack at a time.</summary>
public class Deployments
{
    public static TheoryData<string, string, string> UpJobs => new()
    {
        { "deploy-staging.yml", "deploy", "staging" },
        { "promote-production.yml", "deploy-production", "production" },
    };

    [Fact]
    public void Pulumi_up_runs_only_in_the_known_deployment_jobs()
    {
        var found = Workflow.Files
            .SelectMany(file => Workflow.Load(file).PulumiSteps
                .Where(p => p.Step.Map("with").Scalar("command") == "up")
                .Select(p => (file, p.Job, p.Step.Map("with").Scalar("stack-name"))))
            .ToList();

        Assert.Equal([("deploy-staging.yml", "deploy", "staging"), ("promote-production.yml", "deploy-production", "production")], found);
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
    public void No_other_job_joins_a_deployment_group(string file)
    {
        // A job queued in a deployment's group would cancel a deployment that is still pending.
        var workflow = Workflow.Load(file);
        var up = UpJobs.Select(row => ((string)row[0], (string)row[1])).ToHashSet();

        foreach (var (id, job) in workflow.Jobs.Where(j => !up.Contains((file, j.Key))))
            Assert.DoesNotMatch("^pulumi-(staging|production)$", (job.Get("concurrency") as YamlDotNet.RepresentationModel.YamlMappingNode)?.Scalar("group") ?? "");
        Assert.DoesNotMatch("^pulumi-(staging|production)$", (workflow.Root.Get("concurrency") as YamlDotNet.RepresentationModel.YamlMappingNode)?.Scalar("group") ?? "");
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_pulumi_step_pins_the_cli_version(string file)
    {
        foreach (var (job, step) in Workflow.Load(file).PulumiSteps)
            Assert.Matches(new Regex(@"^\d+\.\d+\.\d+$"), step.Map("with").Scalar("pulumi-version") ?? $"(no pulumi-version in job {job})");
    }

    [Fact]
    public void Every_workflow_uses_the_same_pulumi_cli_version()
    {
        var versions = Workflow.Files
            .SelectMany(file => Workflow.Load(file).PulumiSteps.Select(p => p.Step.Map("with").Scalar("pulumi-version")))
            .Distinct()
            .ToList();

        Assert.Single(versions);
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_pulumi_step_logs_in_to_the_s3_backend_from_a_secret(string file)
    {
        foreach (var (_, step) in Workflow.Load(file).PulumiSteps)
            Assert.Equal("${{ secrets.PULUMI_BACKEND_URL }}", step.Map("with").Scalar("cloud-url"));
    }

    [Fact]
    public void The_production_environment_documents_its_required_reviewers()
    {
        var text = Workflow.Load("promote-production.yml").Text;

        Assert.Contains("Required reviewers are configured on", text);
    }
}

namespace Platform.Delivery.Tests;

/// <summary>Which jobs each workflow has, what they run, and in which order.</summary>
public class Jobs
{
    [Fact]
    public void A_pull_request_is_checked_offline_and_diffed_and_never_previewed()
    {
        var pr = Workflow.Load("pull-request.yml");

        Assert.Equal(["offline", "diff"], pr.Jobs.Keys);
        Assert.Empty(pr.Needs("offline"));
        Assert.Empty(pr.Needs("diff"));
    }

    [Fact]
    public void The_offline_review_runs_the_tests_then_validates_and_plans_both_stacks()
    {
        var runs = string.Join("\n", Workflow.Load("pull-request.yml").Steps("offline").Select(Workflow.Run));

        Assert.Contains("bash .ci/test.sh", runs);
        foreach (var stack in new[] { "staging", "production" })
        {
            Assert.Contains($"dotnet run --project cli -- validate {stack}", runs);
            Assert.Contains($"dotnet run --project cli -- plan {stack} --output json", runs);
        }
        Assert.True(runs.IndexOf("bash .ci/test.sh", StringComparison.Ordinal) < runs.IndexOf("validate", StringComparison.Ordinal),
            "the tests run before the stacks are validated");
    }

    [Fact]
    public void The_offline_review_publishes_the_plans()
    {
        var pr = Workflow.Load("pull-request.yml");

        Assert.Single(pr.StepsUsing("offline", "actions/upload-artifact"), s => s.Map("with").Scalar("name") == "plans");
        Assert.Contains(pr.Steps("offline"), s => Workflow.Run(s).Contains("GITHUB_STEP_SUMMARY"));
    }

    [Fact]
    public void The_offline_review_needs_no_secret_so_it_runs_for_forks_too()
    {
        var offline = Workflow.Load("pull-request.yml").Job("offline");

        Assert.Null(offline.Get("if"));
        Assert.DoesNotContain("secrets.", Serialize(offline));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_pulumi_command_gets_the_backend_and_the_passphrase_of_its_environment_in_its_own_step(string file)
    {
        var w = Workflow.Load(file);
        var steps = w.Jobs.Keys.SelectMany(j => w.Steps(j)).Where(s =>
            System.Text.RegularExpressions.Regex.IsMatch(Workflow.Run(s), @"(?m)^\s*pulumi (up|preview|refresh|cancel)\b|\.ci/(operation|state-export)\.sh"));

        foreach (var step in steps)
        {
            var env = step.Map("env");
            Assert.Equal("${{ secrets.PULUMI_BACKEND_URL }}", env.Scalar("PULUMI_BACKEND_URL"));
            Assert.Equal("${{ secrets.PULUMI_BACKEND_ACCESS_KEY_ID }}", env.Scalar("AWS_ACCESS_KEY_ID"));
            Assert.Equal("${{ secrets.PULUMI_BACKEND_SECRET_ACCESS_KEY }}", env.Scalar("AWS_SECRET_ACCESS_KEY"));
            Assert.Equal("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}", env.Scalar("PULUMI_CONFIG_PASSPHRASE"));
        }
    }

    [Fact]
    public void Staging_is_deployed_only_after_the_tests_passed()
    {
        var staging = Workflow.Load("deploy-staging.yml");

        Assert.Equal(["test", "deploy", "verify", "record"], staging.Jobs.Keys);
        Assert.Equal(["test"], staging.Needs("deploy"));
        Assert.Contains(staging.Steps("test"), s => Workflow.Run(s) == "bash .ci/test.sh");
        var up = Assert.Single(staging.PulumiCli("up"));
        Assert.Equal("deploy", up.Job);
        Assert.StartsWith("pulumi up --stack staging --yes", Workflow.Run(up.Step));
    }

    [Fact]
    public void The_promotion_checks_before_it_previews_and_previews_before_it_deploys()
    {
        var promote = Workflow.Load("promote-production.yml");

        Assert.Equal(["check", "preview", "deploy", "verify", "record"], promote.Jobs.Keys);
        Assert.Equal(["check"], promote.Needs("preview"));
        Assert.Equal(["check", "preview"], promote.Needs("deploy"));
    }

    [Fact]
    public void The_promotion_deploys_the_committed_stack_file_and_never_rewrites_it()
    {
        var promote = Workflow.Load("promote-production.yml");
        var runs = promote.Jobs.Keys.SelectMany(promote.Steps).Select(Workflow.Run).ToList();

        Assert.Contains(runs, r => r.Contains("dotnet run --project cli -- promote staging production"));
        Assert.DoesNotContain(runs, r => r.Contains("--write"));
        Assert.Contains("promote staging production --write", promote.Text); // documented for the promotion PR
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_job_has_a_timeout(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var (id, job) in workflow.Jobs)
            Assert.True(int.TryParse(job.Scalar("timeout-minutes"), out var minutes) && minutes is > 0 and <= 120,
                $"{file}: job {id} needs timeout-minutes between 1 and 120.");
    }

    internal static string Serialize(YamlDotNet.RepresentationModel.YamlNode node)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream(new YamlDotNet.RepresentationModel.YamlDocument(node));
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}

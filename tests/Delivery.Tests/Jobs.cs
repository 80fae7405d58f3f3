namespace Platform.Delivery.Tests;

/// <summary>Which jobs each workflow has, what they run, and in which order.</summary>
public class Jobs
{
    private const string SameRepository = "github.event.pull_request.head.repo.full_name == github.repository";

    [Fact]
    public void A_pull_request_is_checked_offline_first_then_previewed()
    {
        var pr = Workflow.Load("pull-request.yml");

        Assert.Equal(["offline", "preview"], pr.Jobs.Keys);
        Assert.Empty(pr.Needs("offline"));
        Assert.Equal(["offline"], pr.Needs("preview"));
    }

    [Fact]
    public void The_offline_review_runs_the_tests_then_validates_and_plans_both_stacks()
    {
        var runs = string.Join("\n", Workflow.Load("pull-request.yml").Steps("offline").Select(s => s.Scalar("run") ?? ""));

        Assert.Contains("bash .ci/test.sh", runs);
        foreach (var stack in new[] { "staging", "production" })
        {
            Assert.Contains($"dotnet run --project stacks -- validate {stack}", runs);
            Assert.Contains($"dotnet run --project stacks -- plan {stack} --json", runs);
        }
        Assert.True(runs.IndexOf("bash .ci/test.sh", StringComparison.Ordinal) < runs.IndexOf("validate", StringComparison.Ordinal),
            "the tests run before the stacks are validated");
    }

    [Fact]
    public void The_offline_review_publishes_the_plans()
    {
        var pr = Workflow.Load("pull-request.yml");

        var upload = Assert.Single(pr.StepsUsing("offline", "actions/upload-artifact"));
        Assert.Equal("plans", upload.Map("with").Scalar("name"));
        Assert.Contains(pr.Steps("offline"), s => (s.Scalar("run") ?? "").Contains("GITHUB_STEP_SUMMARY"));
    }

    [Fact]
    public void The_offline_review_needs_no_secret_so_it_runs_for_forks_too()
    {
        var pr = Workflow.Load("pull-request.yml");
        var offline = pr.Job("offline");

        Assert.Null(offline.Get("if"));
        Assert.DoesNotContain("secrets.", Serialize(offline));
    }

    [Fact]
    public void The_preview_is_skipped_for_pull_requests_from_forks()
    {
        var preview = Workflow.Load("pull-request.yml").Job("preview");

        Assert.Equal(SameRepository, preview.Scalar("if"));
    }

    [Fact]
    public void The_preview_covers_both_stacks_and_comments_on_the_pull_request()
    {
        var pr = Workflow.Load("pull-request.yml");

        var stacks = pr.Job("preview").Map("strategy").Map("matrix").Seq("stack").Select(s => s.Str());
        Assert.Equal(["staging", "production"], stacks);

        var pulumi = Assert.Single(pr.StepsUsing("preview", "pulumi/actions")).Map("with");
        Assert.Equal("preview", pulumi.Scalar("command"));
        Assert.Equal("${{ matrix.stack }}", pulumi.Scalar("stack-name"));
        Assert.Equal("true", pulumi.Scalar("comment-on-pr"));
        Assert.Equal("${{ secrets.PULUMI_BACKEND_URL }}", pulumi.Scalar("cloud-url"));
    }

    [Theory]
    [InlineData("pull-request.yml", "preview")]
    [InlineData("deploy-staging.yml", "deploy")]
    [InlineData("promote-production.yml", "preview-production")]
    [InlineData("promote-production.yml", "deploy-production")]
    public void Every_pulumi_job_has_the_passphrase_and_the_backend_keys_from_secrets(string file, string job)
    {
        var env = Workflow.Load(file).Job(job).Map("env");

        Assert.StartsWith("${{", env.Scalar("PULUMI_CONFIG_PASSPHRASE"));
        Assert.Contains("secrets.PULUMI_CONFIG_PASSPHRASE_", env.Scalar("PULUMI_CONFIG_PASSPHRASE"));
        Assert.Equal("${{ secrets.PULUMI_BACKEND_ACCESS_KEY_ID }}", env.Scalar("AWS_ACCESS_KEY_ID"));
        Assert.Equal("${{ secrets.PULUMI_BACKEND_SECRET_ACCESS_KEY }}", env.Scalar("AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public void Staging_is_deployed_only_after_the_tests_passed()
    {
        var staging = Workflow.Load("deploy-staging.yml");

        Assert.Equal(["test", "deploy", "verify-15m", "verify-1h"], staging.Jobs.Keys);
        Assert.Equal(["test"], staging.Needs("deploy"));
        Assert.Contains(staging.Steps("test"), s => s.Scalar("run") == "bash .ci/test.sh");

        var up = Assert.Single(staging.StepsUsing("deploy", "pulumi/actions")).Map("with");
        Assert.Equal("up", up.Scalar("command"));
        Assert.Equal("staging", up.Scalar("stack-name"));
    }

    [Fact]
    public void The_promotion_checks_the_staging_run_of_the_same_commit_before_any_production_job()
    {
        var promote = Workflow.Load("promote-production.yml");

        Assert.Equal(["verify-staging", "preview-production", "deploy-production", "verify-15m", "verify-1h"], promote.Jobs.Keys);
        Assert.Empty(promote.Needs("verify-staging"));
        foreach (var job in promote.Jobs.Keys.Where(j => j != "verify-staging"))
            Assert.Contains("verify-staging", promote.NeedsTransitively(job));

        var check = string.Join("\n", promote.Steps("verify-staging").Select(s => s.Scalar("run") ?? ""));
        Assert.Contains("gh run list --workflow deploy-staging.yml", check);
        Assert.Contains("--commit \"$SHA\"", check);
        Assert.Contains("--status success", check);
        Assert.Contains("exit 1", check);
    }

    [Fact]
    public void The_verified_commit_is_the_one_previewed_and_deployed()
    {
        var promote = Workflow.Load("promote-production.yml");

        Assert.Equal("${{ steps.commit.outputs.sha }}", promote.Job("verify-staging").Map("outputs").Scalar("sha"));
        foreach (var job in new[] { "preview-production", "deploy-production", "verify-15m", "verify-1h" })
        {
            var checkout = Assert.Single(promote.StepsUsing(job, "actions/checkout")).Map("with");
            Assert.Equal("${{ needs.verify-staging.outputs.sha }}", checkout.Scalar("ref"));
        }
    }

    [Fact]
    public void Production_is_previewed_before_it_is_deployed()
    {
        var promote = Workflow.Load("promote-production.yml");

        Assert.Contains("preview-production", promote.Needs("deploy-production"));
        var preview = Assert.Single(promote.StepsUsing("preview-production", "pulumi/actions")).Map("with");
        Assert.Equal("preview", preview.Scalar("command"));
        Assert.Equal("production", preview.Scalar("stack-name"));
        var up = Assert.Single(promote.StepsUsing("deploy-production", "pulumi/actions")).Map("with");
        Assert.Equal("up", up.Scalar("command"));
        Assert.Equal("production", up.Scalar("stack-name"));
    }

    [Fact]
    public void The_promotion_deploys_the_committed_stack_file_and_never_rewrites_it()
    {
        var promote = Workflow.Load("promote-production.yml");
        var runs = promote.Jobs.Keys.SelectMany(promote.Steps).Select(s => s.Scalar("run") ?? "").ToList();

        Assert.Contains(runs, r => r.Contains("dotnet run --no-build --project stacks -- promote staging production"));
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

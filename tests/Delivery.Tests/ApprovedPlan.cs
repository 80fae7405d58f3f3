namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 4: the production preview saves an update plan, kept as an artifact and shown in the job
/// summary; the approved job applies that very plan with `pulumi up --plan`, which fails if reality moved.
/// </summary>
public class ApprovedPlan
{
    private static readonly Workflow Promote = Workflow.Load("promote-production.yml");

    private static string Runs(string job) => string.Join("\n", Promote.Steps(job).Select(Workflow.Run));

    [Fact]
    public void The_preview_saves_the_plan_shows_it_and_keeps_it_as_an_artifact()
    {
        var runs = Runs("preview");

        Assert.Contains("pulumi preview --stack production --save-plan \"$RUNNER_TEMP/plan/production.plan.json\"", runs);
        Assert.Contains("GITHUB_STEP_SUMMARY", runs);
        Assert.Contains("sha256=$sha256\" >> \"$GITHUB_OUTPUT\"", runs);
        var upload = Assert.Single(Promote.StepsUsing("preview", "actions/upload-artifact")).Map("with");
        Assert.Equal("production-plan-${{ github.run_attempt }}", upload.Scalar("name"));
        Assert.Equal("${{ steps.plan.outputs.sha256 }}", Promote.Job("preview").Map("outputs").Scalar("plan-sha256"));
        Assert.Equal("${{ steps.plan.outputs.artifact }}", Promote.Job("preview").Map("outputs").Scalar("plan-artifact"));
    }

    [Fact]
    public void Up_applies_the_plan_the_reviewer_approved_and_nothing_else()
    {
        var runs = Runs("deploy");

        Assert.Contains("preview", Promote.Needs("deploy"));
        Assert.Equal(["production"], Promote.Environments("deploy")); // the approval happens after the preview
        var download = Assert.Single(Promote.StepsUsing("deploy", "actions/download-artifact")).Map("with");
        Assert.Equal("${{ needs.preview.outputs.plan-artifact }}", download.Scalar("name")); // the name of the attempt that made it
        Assert.Contains("pulumi up --stack production --plan \"$plan\"", runs);
        Assert.Contains("\"$actual\" != \"$APPROVED_SHA256\"", runs);
        Assert.DoesNotContain("--skip-preview", runs);
        var up = Promote.Steps("deploy").Single(s => Workflow.Run(s).Contains("pulumi up "));
        Assert.Equal("${{ needs.preview.outputs.plan-sha256 }}", up.Map("env").Scalar("APPROVED_SHA256"));
    }

    /// <summary>
    /// Review A9: for a dispatch GITHUB_SHA is the head of main, not the promoted commit the preview checked out; the
    /// summary the reviewer approves names the promoted commit.
    /// </summary>
    [Fact]
    public void The_approval_summary_names_the_promoted_commit_never_the_dispatch_ref()
    {
        var preview = Promote.Steps("preview").Single(s => Workflow.Run(s).Contains("--save-plan"));

        Assert.Equal("${{ needs.check.outputs.sha }}", preview.Map("env").Scalar("PROMOTED_SHA"));
        Assert.Contains("The plan to approve: production at \\`$PROMOTED_SHA\\`", Workflow.Run(preview));
        Assert.DoesNotContain("GITHUB_SHA", Workflow.Run(preview));
    }

    /// <summary>
    /// Review A5: the k3s kubeconfig's trigger is the month, so a plan previewed in one month is violated by an up in
    /// the next. The deploy job compares the preview's month with the current one before it applies anything, and the
    /// message says what to do.
    /// </summary>
    [Fact]
    public void A_plan_previewed_in_another_month_is_refused_before_anything_is_applied()
    {
        Assert.Equal("${{ steps.plan.outputs.month }}", Promote.Job("preview").Map("outputs").Scalar("plan-month"));
        Assert.Contains("echo \"month=$(date -u +%Y-%m)\" >> \"$GITHUB_OUTPUT\"", Runs("preview"));
        var up = Promote.Steps("deploy").Single(s => Workflow.Run(s).Contains("pulumi up "));
        Assert.Equal("${{ needs.preview.outputs.plan-month }}", up.Map("env").Scalar("PLAN_MONTH"));
        var script = Workflow.Run(up);
        var check = script.IndexOf("if [ \"$PLAN_MONTH\" != \"$(date -u +%Y-%m)\" ]", StringComparison.Ordinal);
        Assert.True(check >= 0 && check < script.IndexOf("pulumi up ", StringComparison.Ordinal), "the month is checked before up");
        Assert.Contains("Dispatch the promotion again", script);
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_workflow_skips_the_preview_of_an_update(string file)
    {
        Assert.DoesNotContain("--skip-preview", Workflow.Load(file).Text);
    }

    // --- .ci/sealed.sh: the plan and the exported state are artifacts that whoever reads the repository can download ---

    private const string Passphrase = "correct horse $(battery) 'staple'";

    [Fact]
    public void A_sealed_file_opens_with_the_passphrase_and_not_without_it()
    {
        using var ci = new CiScript();
        var plan = ci.File_("plan.json", """{"resourcePlans":{"urn:pulumi:production::platform::x":{"goal":{"inputs":{"name":"oracle-bridge"}}}}}""");

        Assert.Equal(0, ci.Env("PULUMI_CONFIG_PASSPHRASE", Passphrase).Run(".ci/sealed.sh", "seal", plan, plan + ".sealed").ExitCode);
        Assert.DoesNotContain("oracle-bridge", File.ReadAllText(plan + ".sealed"));
        Assert.Equal(0, ci.Run(".ci/sealed.sh", "open", plan + ".sealed", plan + ".opened").ExitCode);
        Assert.Equal(File.ReadAllText(plan), File.ReadAllText(plan + ".opened"));

        var wrong = ci.Env("PULUMI_CONFIG_PASSPHRASE", "another stack's passphrase").Run(".ci/sealed.sh", "open", plan + ".sealed", plan + ".wrong");
        Assert.Equal(1, wrong.ExitCode);
        Assert.False(File.Exists(plan + ".wrong"));
    }

    [Fact]
    public void The_passphrase_never_reaches_a_command_line()
    {
        using var ci = new CiScript();
        var plan = ci.File_("plan.json", "{}");
        var openssl = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "openssl")).First(File.Exists);
        ci.Fake("openssl", $"exec {openssl} \"$@\"");

        ci.Env("PULUMI_CONFIG_PASSPHRASE", Passphrase).Run(".ci/sealed.sh", "seal", plan, plan + ".sealed");

        var call = Assert.Single(ci.Calls);
        Assert.Contains("-pass env:PULUMI_CONFIG_PASSPHRASE", call);
        Assert.DoesNotContain("horse", call);
    }

    [Fact]
    public void Without_a_passphrase_nothing_is_sealed()
    {
        using var ci = new CiScript();
        var plan = ci.File_("plan.json", "{}");

        var run = ci.Env("PULUMI_CONFIG_PASSPHRASE", "").Run(".ci/sealed.sh", "seal", plan, plan + ".sealed");

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(plan + ".sealed"));
    }
}

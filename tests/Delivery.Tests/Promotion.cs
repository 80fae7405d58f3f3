using System.Diagnostics;
using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 3: production receives only a commit on main whose staging deployment was a push to main
/// and passed verify, checked before any production secret is read; the CLI version comes from the commit.
/// .ci/promotion-check.sh runs in a real git repository, against a FAKE `gh` that serves recorded API answers
/// and models only `gh run list`'s documented filters (--workflow, --branch, --event, --commit).
/// </summary>
public class Promotion
{
    [Fact]
    public void Production_is_promoted_only_by_a_dispatch_with_a_commit_sha()
    {
        var w = Workflow.Load("promote-production.yml");

        Assert.Equal(["workflow_dispatch"], w.Events); // no `release`: a tag's workflow file may be an old one
        Assert.Equal("true", w.On.Map("workflow_dispatch").Map("inputs").Map("sha").Scalar("required"));
    }

    [Fact]
    public void Every_production_job_waits_for_the_check_and_uses_the_commit_it_checked()
    {
        var w = Workflow.Load("promote-production.yml");

        Assert.Empty(w.Needs("check"));
        Assert.Empty(w.Environments("check")); // no secret before the check passed
        Assert.Contains(w.Steps("check"), s => Workflow.Run(s) == "bash .ci/promotion-check.sh \"$REQUESTED_SHA\"");
        Assert.Equal("${{ steps.check.outputs.sha }}", w.Job("check").Map("outputs").Scalar("sha"));
        foreach (var job in w.Jobs.Keys.Where(j => j != "check" && j != "record"))
        {
            Assert.Contains("check", w.NeedsTransitively(job));
            var checkout = Assert.Single(w.StepsUsing(job, "actions/checkout")).Map("with");
            Assert.Equal("${{ needs.check.outputs.sha }}", checkout.Scalar("ref"));
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void The_pulumi_cli_version_comes_from_the_commit_being_deployed(string file)
    {
        foreach (var (job, step) in Workflow.Load(file).PulumiSteps)
        {
            var with = step.Map("with");
            // A job that checks the deployed commit out beside the default branch's (verify-live.yml) reads it there.
            var live = Workflow.Load(file).StepsUsing(job, "actions/checkout").Select(c => c.Map("with").Scalar("path")).OfType<string>().SingleOrDefault();
            Assert.Equal(live is null ? ".pulumi-version" : $"{live}/.pulumi-version", with.Scalar("pulumi-version-file"));
            Assert.True(with.Get("pulumi-version") is null, $"{file}: job {job} pins the CLI in the workflow, not in the commit.");
        }
    }

    [Fact]
    public void The_cli_version_file_holds_one_exact_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+\n?$", File.ReadAllText(Path.Combine(CiScript.Root, ".pulumi-version")));
    }

    // --- .ci/promotion-check.sh ---

    /// <summary>What GitHub answers, as the FAKE `gh` (<see cref="FakeGitHub"/>) serves it.</summary>
    private sealed record GitHub(
        List<(string Branch, string Event, string Up, string Verify)> StagingRuns, List<(string Name, string? Conclusion, string Branch, string Event)> LaterChecks,
        Dictionary<string, object> Environments, Dictionary<string, object> BranchPolicies);

    private static object Environment(bool reviewers, bool branchPolicy = true) => new
    {
        name = "production",
        protection_rules = reviewers
            ? new object[] { new { type = "required_reviewers", prevent_self_review = true, reviewers = new[] { new { type = "User" } } }, new { type = "branch_policy" } }
            : new object[] { new { type = "branch_policy" } },
        deployment_branch_policy = branchPolicy ? new { protected_branches = false, custom_branch_policies = true } : null,
    };

    private static object Policies(params string[] branches) => new { branch_policies = branches.Select(b => new { name = b, type = "branch" }) };

    private static GitHub Good(string sha) => new(
        [("main", "push", "success", "success")],
        [($"verify staging +15m after the deployment of {sha}", "success", "main", "schedule")],
        new() { ["production"] = Environment(reviewers: true), ["production-preview"] = Environment(reviewers: false) },
        new() { ["production"] = Policies("main"), ["production-preview"] = Policies("main") });

    private static (ChildProcess.Result Run, CiScript Ci) Check(History repo, string sha, GitHub github, string reference = "refs/heads/main")
    {
        var fake = new FakeGitHub();
        var id = 7;
        foreach (var (branch, @event, up, verify) in github.StagingRuns)
            fake.Run("deploy-staging.yml", id++, sha, branch, @event, "2026-12-06T09:50:00Z",
                jobs: [FakeGitHub.Job("tests and validation"), FakeGitHub.Job("pulumi up (staging)", up, completedAt: "2026-12-06T10:00:00Z"), FakeGitHub.Job("verify staging", verify)]);
        // The later checks: one run of verify-live.yml 20 minutes after the up, holding the job the test names.
        foreach (var (name, conclusion, branch, @event) in github.LaterChecks)
            fake.Run("verify-live.yml", id++, repo.OnMain, branch, @event, "2026-12-06T10:20:00Z",
                jobs: [FakeGitHub.Job("what is live, what is due"), FakeGitHub.Job(name, conclusion)]);
        foreach (var (name, environment) in github.Environments) fake.Api($"repos/o/r/environments/{name}", environment);
        foreach (var (name, policies) in github.BranchPolicies) fake.Api($"repos/o/r/environments/{name}/deployment-branch-policies", policies);
        var ci = fake.Install(new CiScript()).Env("GITHUB_REF", reference);
        return (ci.RunIn(repo.Dir, ".ci/promotion-check.sh", sha), ci);
    }

    [Fact]
    public void A_commit_of_main_that_passed_staging_is_promoted()
    {
        using var repo = new History();
        var (run, ci) = Check(repo, repo.OnMain, Good(repo.OnMain));
        using var _ = ci;

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains($"sha={repo.OnMain}", ci.Output);
        Assert.Contains("`verify staging` succeeded", ci.Summary);
        Assert.Contains(ci.Calls, c => c.Contains("run list --workflow deploy-staging.yml --branch main --event push --commit " + repo.OnMain));
    }

    [Fact]
    public void A_commit_that_is_not_on_main_is_refused_even_with_a_green_staging_run()
    {
        using var repo = new History();
        var (run, ci) = Check(repo, repo.OnBranch, Good(repo.OnBranch));
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"commit {repo.OnBranch} is not on main", run.Stdout);
        Assert.DoesNotContain("sha=", ci.Output);
    }

    [Theory]
    [InlineData("side", "push")] // a branch whose own deploy-staging.yml "succeeded"
    [InlineData("main", "pull_request")]
    [InlineData("main", "workflow_dispatch")]
    public void A_staging_run_that_was_not_a_push_to_main_does_not_count(string branch, string @event)
    {
        using var repo = new History();
        var github = Good(repo.OnMain) with { StagingRuns = [(branch, @event, "success", "success")] };
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no completed run of deploy-staging.yml as a push to main", run.Stdout);
    }

    [Theory]
    [InlineData("success", "failure", "'verify staging'")]
    [InlineData("success", "skipped", "'verify staging'")]
    [InlineData("failure", "success", "'pulumi up (staging)'")]
    public void A_staging_run_whose_up_or_verify_did_not_pass_is_refused(string up, string verify, string named)
    {
        using var repo = new History();
        var github = Good(repo.OnMain) with { StagingRuns = [("main", "push", up, verify)] };
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(named, run.Stdout);
    }

    [Fact]
    public void A_later_check_of_staging_that_failed_for_the_commit_is_refused()
    {
        using var repo = new History();
        var github = Good(repo.OnMain) with { LaterChecks = [($"verify staging +60m after the deployment of {repo.OnMain}", "failure", "main", "schedule")] };
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'verify staging +60m after the deployment of {repo.OnMain}' ended 'failure'", run.Stdout);
        Assert.DoesNotContain(ci.Calls, c => c.Contains("/statuses"));
    }

    /// <summary>
    /// Review A3 (c): a branch's workflow can post any commit status, or run a job of any name. Only jobs of
    /// verify-live.yml's own runs on main (scheduled or dispatched) count; a commit status is never read, and a
    /// drift check is about what runs now, not about this commit (review A5): neither passes nor refuses it.
    /// </summary>
    [Theory]
    [InlineData("side", "schedule", "verify staging +15m after the deployment of {0}")]
    [InlineData("main", "push", "verify staging +15m after the deployment of {0}")]
    [InlineData("main", "schedule", "drift of staging (pulumi preview --refresh)")]
    [InlineData("main", "schedule", "verify staging +15m after the deployment of 3333333333333333333333333333333333333333")]
    public void A_failure_that_a_branch_could_write_or_that_is_not_about_the_commit_never_refuses_it(string branch, string @event, string name)
    {
        using var repo = new History();
        var github = Good(repo.OnMain) with { LaterChecks = [(string.Format(name, repo.OnMain), "failure", branch, @event)] };
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
    }

    [Fact]
    public void A_copy_of_the_workflow_dispatched_from_another_branch_is_refused()
    {
        using var repo = new History();
        var (run, ci) = Check(repo, repo.OnMain, Good(repo.OnMain), reference: "refs/heads/side");
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("dispatch it from main", run.Stdout);
    }

    [Fact]
    public void Without_required_reviewers_on_production_the_promotion_fails_closed()
    {
        // GitHub offers required reviewers on private repositories only with Enterprise: the environment then
        // has none, and the promotion must stop rather than deploy unreviewed.
        using var repo = new History();
        var github = Good(repo.OnMain);
        github.Environments["production"] = Environment(reviewers: false);
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("environment 'production' has no required reviewers", run.Stdout);
        Assert.Contains("**Refused**", ci.Summary);
    }

    [Theory]
    [InlineData("production", null)]
    [InlineData("production", "main,release")]
    [InlineData("production-preview", "feature")]
    public void A_production_environment_that_deploys_from_other_branches_or_does_not_exist_is_refused(string name, string? branches)
    {
        using var repo = new History();
        var github = Good(repo.OnMain);
        if (branches is null) github.Environments.Remove(name);
        else github.BranchPolicies[name] = Policies(branches.Split(','));
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"environment '{name}'", run.Stdout);
    }
}

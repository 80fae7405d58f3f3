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
            Assert.Equal(".pulumi-version", with.Scalar("pulumi-version-file"));
            Assert.True(with.Get("pulumi-version") is null, $"{file}: job {job} pins the CLI in the workflow, not in the commit.");
        }
    }

    [Fact]
    public void The_cli_version_file_holds_one_exact_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+\n?$", File.ReadAllText(Path.Combine(CiScript.Root, ".pulumi-version")));
    }

    // --- .ci/promotion-check.sh ---

    private sealed class History : IDisposable
    {
        public History()
        {
            Git("init", "-q", "-b", "main");
            Base = Commit("base");
            OnMain = Commit("merged change");
            Git("checkout", "-q", "-b", "side");
            OnBranch = Commit("unmerged change");
            Git("checkout", "-q", "main");
        }

        public string Dir { get; } = Directory.CreateTempSubdirectory("promotion-repo-").FullName;
        public string Base { get; }
        public string OnMain { get; }
        public string OnBranch { get; }

        private string Commit(string message)
        {
            Git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "--allow-empty", "-m", message);
            return Git("rev-parse", "HEAD").Trim();
        }

        private string Git(params string[] arguments)
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = Dir };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            var run = ChildProcess.Run(start);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return run.Stdout;
        }

        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }

    /// <summary>What GitHub answers, as the fake `gh` serves it.</summary>
    private sealed record GitHub(
        List<object> Runs, Dictionary<long, object> Jobs, List<object> Statuses, Dictionary<string, object> Environments,
        Dictionary<string, object> BranchPolicies);

    private static object Run(long id, string sha, string branch = "main", string @event = "push", string conclusion = "success") => new
    {
        databaseId = id, status = "completed", conclusion, url = $"https://github.com/o/r/actions/runs/{id}",
        @event, headBranch = branch, headSha = sha,
    };

    private static object JobsOf(string up, string verify) => new
    {
        jobs = new[] { new { name = "tests and validation", conclusion = "success" }, new { name = "pulumi up (staging)", conclusion = up }, new { name = "verify staging", conclusion = verify } },
    };

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
        [Run(7, sha)], new() { [7] = JobsOf("success", "success") },
        [new { context = "verify staging (+15m)", state = "success" }, new { context = "verify staging", state = "success" }],
        new() { ["production"] = Environment(reviewers: true), ["production-preview"] = Environment(reviewers: false) },
        new() { ["production"] = Policies("main"), ["production-preview"] = Policies("main") });

    private static (ChildProcess.Result Run, CiScript Ci) Check(History repo, string sha, GitHub github, string reference = "refs/heads/main")
    {
        var ci = new CiScript();
        string Json(string name, object value) => ci.File_(name, JsonSerializer.Serialize(value));
        Json("runs.json", github.Runs);
        foreach (var (id, jobs) in github.Jobs) Json($"jobs-{id}.json", jobs);
        Json("statuses.json", github.Statuses);
        foreach (var (name, environment) in github.Environments) Json($"env-{name}.json", environment);
        foreach (var (name, policies) in github.BranchPolicies) Json($"policies-{name}.json", policies);
        ci.Fake("gh", $$"""
            fixtures='{{ci.Dir}}'
            filter=.
            if [ "$1 $2" = "run list" ]; then
              shift 2
              while [ $# -gt 0 ]; do
                case $1 in --branch) branch=$2 ;; --event) event=$2 ;; --commit) commit=$2 ;; --workflow) workflow=$2 ;; esac
                shift
              done
              [ "$workflow" = deploy-staging.yml ] || exit 1
              exec jq --arg b "$branch" --arg e "$event" --arg c "$commit" '[.[] | select(.headBranch == $b and .event == $e and .headSha == $c)]' "$fixtures/runs.json"
            elif [ "$1 $2" = "run view" ]; then
              exec cat "$fixtures/jobs-$3.json"
            elif [ "$1" = api ]; then
              path=$2; shift 2
              [ "${1:-}" = --jq ] && filter=$2
              case $path in
                repos/*/commits/*/statuses*) file=statuses.json ;;
                repos/*/environments/*/deployment-branch-policies) name=${path%/deployment-branch-policies}; file="policies-${name##*/}.json" ;;
                repos/*/environments/*) file="env-${path##*/}.json" ;;
              esac
              [ -f "$fixtures/$file" ] || { echo 'gh: Not Found (HTTP 404)' >&2; exit 1; }
              exec jq -r "$filter" "$fixtures/$file"
            fi
            exit 1
            """);
        ci.Env("GH_REPO", "o/r").Env("GH_TOKEN", "test").Env("DEFAULT_BRANCH", "main").Env("GITHUB_REF", reference);
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
        var github = Good(repo.OnMain) with { Runs = [Run(7, repo.OnMain, branch, @event)] };
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
        var github = Good(repo.OnMain) with { Jobs = new() { [7] = JobsOf(up, verify) } };
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(named, run.Stdout);
    }

    [Fact]
    public void A_later_check_of_staging_that_failed_on_the_commit_is_refused()
    {
        using var repo = new History();
        var github = Good(repo.OnMain) with { Statuses = [new { context = "verify staging (+60m)", state = "failure" }, new { context = "verify staging", state = "success" }] };
        var (run, ci) = Check(repo, repo.OnMain, github);
        using var _ = ci;

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'verify staging (+60m)' recorded 'failure'", run.Stdout);
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

using System.Text.Json;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 16, point 3 (the workflow part): the offline diff of each stack is computed for every pull request,
/// forks included, in a job without secrets, and posted, one comment per stack updated in place, by a
/// workflow_run job that never runs the pull request's code and treats the artifact strictly as data.
/// </summary>
public class PullRequestDiff
{
    private static readonly Workflow PullRequest = Workflow.Load("pull-request.yml");
    private static readonly Workflow Comment = Workflow.Load("pull-request-comment.yml");

    [Fact]
    public void The_diff_runs_for_every_pull_request_without_secrets_or_write_access()
    {
        var diff = PullRequest.Job("diff");

        Assert.Null(diff.Get("if")); // forks included
        Assert.Null(diff.Get("environment"));
        Assert.Null(diff.Get("permissions")); // the workflow's contents: read
        Assert.DoesNotContain("secrets.", Jobs.Serialize(diff));
        var script = string.Join("\n", PullRequest.Steps("diff").Select(Workflow.Run));
        Assert.Contains("dotnet run --project cli -- diff \"$stack\" --base \"$BASE_SHA\" --output markdown > \"$out/$stack.md\"", script);
        Assert.Contains("for stack in staging production", script);
        Assert.Contains("printf '%s\\n' \"$PR_NUMBER\" > \"$out/pr-number\"", script);
        Assert.Equal("0", Assert.Single(PullRequest.StepsUsing("diff", "actions/checkout")).Map("with").Scalar("fetch-depth"));
        Assert.Equal("platform-diff", Assert.Single(PullRequest.StepsUsing("diff", "actions/upload-artifact")).Map("with").Scalar("name"));
    }

    [Fact]
    public void The_comment_is_written_by_the_default_branch_workflow_after_the_run_never_by_the_pull_requests_code()
    {
        Assert.Equal(["workflow_run"], Comment.Events);
        Assert.Equal(["pull request"], Comment.On.Map("workflow_run").Seq("workflows").Select(n => n.Str()));
        Assert.Equal("pull request", PullRequest.Root.Scalar("name"));

        var job = Comment.Job("comment");
        Assert.Equal("write", job.Map("permissions").Scalar("pull-requests"));
        var checkout = Assert.Single(Comment.StepsUsing("comment", "actions/checkout")).Map("with");
        Assert.Equal("${{ github.event.repository.default_branch }}", checkout.Scalar("ref")); // never workflow_run.head_sha
        Assert.DoesNotContain("head_sha }}", Jobs.Serialize(checkout));
        Assert.DoesNotContain(Comment.Steps("comment"), s => s.Get("uses")?.Str().StartsWith("actions/setup-dotnet", StringComparison.Ordinal) == true);
        var download = Assert.Single(Comment.StepsUsing("comment", "actions/download-artifact")).Map("with");
        Assert.Equal("${{ github.event.workflow_run.id }}", download.Scalar("run-id"));
        var post = Comment.Steps("comment").Last();
        Assert.Equal("bash .ci/pr-comment.sh \"$RUNNER_TEMP/platform-diff\"", Workflow.Run(post));
        Assert.Equal("${{ github.event.workflow_run.head_sha }}", post.Map("env").Scalar("RUN_HEAD_SHA"));
        Assert.Equal("${{ github.event.workflow_run.head_repository.full_name }}", post.Map("env").Scalar("RUN_HEAD_REPOSITORY"));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_workflow_interpolates_pull_request_data_into_a_script(string file)
    {
        // Titles, branch names and artifact contents reach scripts only through the environment.
        var w = Workflow.Load(file);
        foreach (var job in w.Jobs.Keys)
            foreach (var step in w.Steps(job))
                Assert.DoesNotMatch(@"\$\{\{\s*(github\.event|inputs|needs|steps|matrix)\.", Workflow.Run(step));
    }

    // --- .ci/pr-comment.sh against a FAKE `gh` (pulls, comments) that records what it is asked to post ---

    private const string HeadSha = "3333333333333333333333333333333333333333";
    private const string Fork = "someone/platform-fork";

    private static CiScript Artifact(string number = "12", string? staging = null, string? production = null, string existingComments = "[]")
    {
        var ci = new CiScript();
        ci.File_("diff/pr-number", number + "\n");
        ci.File_("diff/staging.md", staging ?? "<!-- platform-diff: staging -->\n## staging: 1 changed\n");
        ci.File_("diff/production.md", production ?? "<!-- platform-diff: production -->\n## production: no change\n");
        ci.File_("pull.json", JsonSerializer.Serialize(new { number = 12, state = "open", head = new { sha = HeadSha, repo = new { full_name = Fork } } }));
        ci.File_("comments.json", existingComments);
        ci.Fake("gh", $$"""
            fixtures='{{ci.Dir}}'
            if [ "$1" = api ] && [ "$2" = repos/o/r/pulls/12 ]; then exec cat "$fixtures/pull.json"; fi
            if [ "$1" = api ] && [ "$2" = --paginate ]; then exec jq -r "$5" "$fixtures/comments.json"; fi
            if [ "$1" = api ] && [ "$2" = --method ]; then jq -c . >> "$fixtures/posted.jsonl"; exit 0; fi
            echo 'gh: Not Found (HTTP 404)' >&2; exit 1
            """);
        return ci.Env("GH_REPO", "o/r").Env("GH_TOKEN", "test").Env("RUN_HEAD_SHA", HeadSha).Env("RUN_HEAD_REPOSITORY", Fork);
    }

    private static List<string> Posted(CiScript ci) =>
        File.Exists(Path.Combine(ci.Dir, "posted.jsonl"))
            ? File.ReadAllLines(Path.Combine(ci.Dir, "posted.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("body").GetString()!).ToList()
            : [];

    [Fact]
    public void A_forks_diff_is_posted_as_one_comment_per_stack()
    {
        using var ci = Artifact();

        var run = ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(["<!-- platform-diff: staging -->\n## staging: 1 changed\n", "<!-- platform-diff: production -->\n## production: no change\n"], Posted(ci));
        Assert.Contains(ci.Calls, c => c.StartsWith("gh api --method POST repos/o/r/issues/12/comments", StringComparison.Ordinal));
    }

    [Fact]
    public void The_comment_of_a_stack_is_updated_in_place()
    {
        var existing = JsonSerializer.Serialize(new object[]
        {
            new { id = 901, user = new { login = "someone" }, body = "<!-- platform-diff: staging --> forged by a person" },
            new { id = 902, user = new { login = "github-actions[bot]" }, body = "<!-- platform-diff: staging -->\nold" },
        });
        using var ci = Artifact(existingComments: existing);

        Assert.Equal(0, ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff")).ExitCode);

        Assert.Contains(ci.Calls, c => c.StartsWith("gh api --method PATCH repos/o/r/issues/comments/902", StringComparison.Ordinal));
        Assert.DoesNotContain(ci.Calls, c => c.Contains("comments/901"));
        Assert.Single(ci.Calls, c => c.StartsWith("gh api --method POST", StringComparison.Ordinal)); // production: new
    }

    [Theory]
    [InlineData("13", null, null, "pull request #13")] // another pull request's number: gh has no such pull request here
    [InlineData("12; touch pwned", null, null, "not a pull request number")]
    [InlineData("12", "## staging without its marker\n", null, "does not start with <!-- platform-diff: staging -->")]
    [InlineData("12", null, "<!-- platform-diff: staging -->\nswapped\n", "does not start with <!-- platform-diff: production -->")]
    public void An_artifact_that_does_not_match_its_run_is_refused_and_nothing_is_posted(string number, string? staging, string? production, string reason)
    {
        using var ci = Artifact(number, staging, production);

        var run = ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(reason, run.Stdout + run.Stderr);
        Assert.Empty(Posted(ci));
    }

    [Fact]
    public void An_artifact_built_for_an_older_head_of_the_pull_request_is_refused()
    {
        using var ci = Artifact();

        var run = ci.Env("RUN_HEAD_SHA", "4444444444444444444444444444444444444444").Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("but the run that wrote this artifact built", run.Stdout);
        Assert.Empty(Posted(ci));
    }

    [Fact]
    public void A_diff_larger_than_one_comment_is_refused()
    {
        using var ci = Artifact(staging: "<!-- platform-diff: staging -->\n" + new string('x', 70_000));

        var run = ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("larger than one comment", run.Stdout);
    }

    [Fact]
    public void Nothing_in_the_artifact_is_executed()
    {
        var hostile = "<!-- platform-diff: staging -->\n$(touch pwned-dollar) `touch pwned-backtick` ${HOME}\n\"; touch pwned-quote; \"\n";
        using var ci = Artifact(staging: hostile);

        var run = ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(hostile, Posted(ci)[0]);
        Assert.Empty(Directory.GetFiles(ci.Dir, "pwned*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(CiScript.Root, "pwned*"));
    }
}

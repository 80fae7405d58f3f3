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

    private static CiScript Artifact(string number = "12", string? staging = null, string? production = null, string existingComments = "[]",
        string[]? changedFiles = null)
    {
        var ci = new CiScript();
        ci.File_("diff/pr-number", number + "\n");
        ci.File_("diff/staging.md", staging ?? "<!-- platform-diff: staging -->\n## staging: 1 changed\n");
        ci.File_("diff/production.md", production ?? "<!-- platform-diff: production -->\n## production: no change\n");
        ci.File_("pull.json", JsonSerializer.Serialize(new { number = 12, state = "open", head = new { sha = HeadSha, repo = new { full_name = Fork } } }));
        ci.File_("comments.json", existingComments);
        ci.File_("files.json", JsonSerializer.Serialize((changedFiles ?? ["Pulumi.staging.yaml"]).Select(f => new { filename = f })));
        ci.Fake("gh", $$"""
            fixtures='{{ci.Dir}}'
            if [ "$1" = api ] && [ "$2" = repos/o/r/pulls/12 ]; then exec cat "$fixtures/pull.json"; fi
            if [ "$1" = api ] && [ "$2" = --paginate ] && [ "$3" = repos/o/r/pulls/12/files ]; then exec jq -r "$5" "$fixtures/files.json"; fi
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
        var posted = Posted(ci);
        Assert.Equal(2, posted.Count);
        Assert.StartsWith("<!-- platform-diff: staging -->\n> [!NOTE]\n", posted[0]);
        Assert.EndsWith("---\n\n## staging: 1 changed\n", posted[0]);
        Assert.StartsWith("<!-- platform-diff: production -->\n", posted[1]);
        Assert.EndsWith("---\n\n## production: no change\n", posted[1]);
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

    /// <summary>
    /// Review A7: the text comes from the pull request's own code. The comment job writes, itself, above it: which head
    /// repository and commit computed it, that it is that code's output; and, when the pull request changes the code
    /// that computes the diff or what deploys (GitHub's list of the pull request's files), that the diff cannot be
    /// trusted to be complete. The artifact cannot write or remove the banner: it is not part of it.
    /// </summary>
    [Theory]
    [InlineData("stacks/Diff/DiffMarkdown.cs", "`stacks/`")]
    [InlineData("components/Hetzner/CloudServer.cs", "`components/`")]
    [InlineData("infra/PlatformStack.cs", "`infra/`")]
    [InlineData(".github/workflows/pull-request.yml", "`.github/`")]
    [InlineData(".ci/pr-comment.sh", "`.ci/`")]
    [InlineData("Directory.Packages.props", "`Directory.`")]
    [InlineData("cli/Verbs/DiffVerb.cs", "`cli/`")]
    [InlineData("platform", "`platform`")]
    public void A_pull_request_that_changes_the_code_gets_a_banner_saying_its_diff_cannot_be_trusted(string changed, string area)
    {
        var forged = "<!-- platform-diff: production -->\n### Plan diff of `production`: no change\n\nNothing to review here.\n";
        using var ci = Artifact(production: forged, changedFiles: ["Pulumi.production.yaml", changed]);

        var run = ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var comment = Posted(ci)[1];
        var banner = comment[..comment.IndexOf("\n---\n", StringComparison.Ordinal)];
        Assert.StartsWith("<!-- platform-diff: production -->\n> [!CAUTION]\n", comment);
        Assert.Contains($"Computed by the pull request's own code, `{Fork}@{HeadSha}`", banner);
        Assert.Contains("**This pull request changes code that computes this diff or what deploys**", banner);
        Assert.Contains(area, banner);
        Assert.Contains("cannot be trusted to be complete. Read the code.", banner);
        Assert.EndsWith("Nothing to review here.\n", comment);
    }

    [Fact]
    public void A_pull_request_of_stack_files_alone_still_says_who_computed_the_text()
    {
        using var ci = Artifact(changedFiles: ["Pulumi.staging.yaml", "README.md"]);

        Assert.Equal(0, ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff")).ExitCode);

        var comment = Posted(ci)[0];
        Assert.Contains($"> Computed by the pull request's own code, `{Fork}@{HeadSha}`", comment);
        Assert.DoesNotContain("cannot be trusted", comment);
    }

    [Fact]
    public void A_diff_that_fills_a_comment_is_cut_to_leave_room_for_the_banner()
    {
        using var ci = Artifact(staging: "<!-- platform-diff: staging -->\n" + new string('é', 32_700));

        Assert.Equal(0, ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff")).ExitCode);

        var comment = Posted(ci)[0];
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(comment) <= 65_536);
        Assert.Contains("cut here to fit one comment", comment);
    }

    [Fact]
    public void Nothing_in_the_artifact_is_executed()
    {
        var hostile = "<!-- platform-diff: staging -->\n$(touch pwned-dollar) `touch pwned-backtick` ${HOME}\n\"; touch pwned-quote; \"\n";
        using var ci = Artifact(staging: hostile);

        var run = ci.Run(".ci/pr-comment.sh", Path.Combine(ci.Dir, "diff"));

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith(hostile["<!-- platform-diff: staging -->\n".Length..], Posted(ci)[0]);
        Assert.Empty(Directory.GetFiles(ci.Dir, "pwned*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(CiScript.Root, "pwned*"));
    }
}

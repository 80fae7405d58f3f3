using System.Diagnostics;
using System.Text.Json;
using Platform.Tests.Shared;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 6: every deployment is verified (docs/sources/hello-world-dao-infrastructure.txt) by a job of its
/// own after `up`, whatever up's outcome; the later checks
/// (docs/sources/hello-world-dao-infrastructure.txt "T+15m and T+1h") and a daily drift check run on a schedule against
/// the deployment live at that moment, never in a sleeping runner, and record their result on the commit.
/// </summary>
public partial class Verification
{
    public static TheoryData<string, string, string> Deployments => new()
    {
        { "deploy-staging.yml", "deploy", "staging" },
        { "promote-production.yml", "deploy", "production" },
    };

    [GeneratedRegex(@"\bsleep\s+(\d+)([smhd]?)\b")]
    private static partial Regex Sleep();

    private static string Run(YamlMappingNode step) => step.Scalar("run") ?? "";

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Verify_is_a_job_of_its_own_after_up_whatever_the_outcome_of_up(string file, string deploy, string stack)
    {
        var w = Workflow.Load(file);

        Assert.Contains(deploy, w.Needs("verify"));
        Assert.Equal($"always() && needs.{deploy}.result != 'skipped'", w.Job("verify").Scalar("if"));
        var verify = Assert.Single(w.Steps("verify"), s => Run(s).StartsWith($"bash .ci/verify.sh {stack} ", StringComparison.Ordinal));
        Assert.DoesNotContain("--only", Run(verify)); // every check, Vault included
        Assert.Equal("${{ secrets.VERIFY_SSH_KEY }}", verify.Map("env").Scalar("VERIFY_SSH_KEY"));
        Assert.Null(verify.Get("continue-on-error")); // a failed check fails the run
        Assert.DoesNotContain(w.Steps(deploy), s => Run(s).Contains(".ci/verify.sh")); // re-running verify never re-runs up
        // The backup bucket's read-only key, which verify reads from these two variables (VerifyOptions).
        foreach (var name in new[] { "VERIFY_BACKUPS_ACCESS_KEY_ID", "VERIFY_BACKUPS_SECRET_ACCESS_KEY" })
            Assert.Equal($"${{{{ secrets.{name} }}}}", verify.Map("env").Scalar(name));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_step_sleeps_longer_than_a_minute(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys)
            foreach (Match m in w.Steps(job).SelectMany(s => Sleep().Matches(Run(s))))
            {
                var seconds = int.Parse(m.Groups[1].Value) * (m.Groups[2].Value switch { "m" => 60, "h" => 3600, "d" => 86400, _ => 1 });
                Assert.True(seconds <= 60, $"{file}: job {job} sleeps {m.Value}: a runner waiting for a later check costs its minutes; use verify-live.yml.");
            }
    }

    [Fact]
    public void The_later_checks_run_on_a_schedule_against_the_live_deployment_named_in_their_job()
    {
        var w = Workflow.Load("verify-live.yml");

        Assert.Contains("*/15 * * * *", w.On.Seq("schedule").Select(c => ((YamlMappingNode)c).Scalar("cron")));
        Assert.Equal("bash .ci/live-checks.sh due >> \"$GITHUB_OUTPUT\"", Run(w.Steps("due").Last()));
        Assert.Equal("read", w.Job("due").Map("permissions").Scalar("actions"));
        Assert.Equal("${{ fromJSON(needs.due.outputs.later) }}", w.Job("later").Map("strategy").Map("matrix").Scalar("include"));
        // promote-production.yml finds a later check by this name: stack, slot and commit.
        Assert.Equal("verify ${{ matrix.stack }} ${{ matrix.label }} after the deployment of ${{ matrix.sha }}", w.Job("later").Scalar("name"));
        var verify = Assert.Single(w.Steps("later"), s => Run(s).StartsWith("bash .ci/verify.sh ", StringComparison.Ordinal));
        Assert.EndsWith("--only dns,storage,gateway", Run(verify)); // docs/sources/hello-world-dao-infrastructure.txt: the dig + HTTPS checklist, no secret
        Assert.Empty(w.Environments("later"));
        Assert.Equal("bash .ci/live-checks.sh status \"$SHA\" \"verify $STACK ($LABEL)\" \"$OUTCOME\"", Run(w.Steps("later").Last()));
    }

    /// <summary>
    /// Review A3: `later` and `drift` run code of the commit they check (verify, restore, the program): before any of it,
    /// they check out the default branch and refuse a commit that is not on it. The commit's own tree comes after.
    /// </summary>
    [Theory]
    [InlineData("later", "${{ matrix.sha }}")]
    [InlineData("drift", "${{ steps.live.outputs.sha }}")]
    public void No_code_of_the_live_commit_runs_before_it_is_known_to_be_on_main(string job, string sha)
    {
        var w = Workflow.Load("verify-live.yml");
        var steps = w.Steps(job).ToList();

        var main = steps.FindIndex(s => s.Get("uses")?.Str().StartsWith("actions/checkout@", StringComparison.Ordinal) == true
                                        && s.Map("with").Scalar("ref") == "${{ github.event.repository.default_branch }}");
        var ancestry = steps.FindIndex(s => Run(s).Contains("git merge-base --is-ancestor \"$SHA\" HEAD"));
        var live = steps.FindIndex(s => s.Get("uses")?.Str().StartsWith("actions/checkout@", StringComparison.Ordinal) == true
                                        && s.Map("with").Scalar("ref") == sha);
        Assert.True(main >= 0 && main < ancestry && ancestry < live, $"{job}: default branch, then the ancestry check, then the commit");
        Assert.Equal("0", steps[main].Map("with").Scalar("fetch-depth"));
        Assert.Equal("live", steps[live].Map("with").Scalar("path"));
        Assert.Equal(sha, steps[ancestry].Map("env").Scalar("SHA"));
        Assert.All(steps.Take(live), s => Assert.DoesNotMatch(@"\bbash \.ci/(verify|reach|lock-files)\.sh|dotnet ", Run(s)));
    }

    /// <summary>
    /// Review A4: the drift check refreshes (without --refresh the pinned CLI compares the program with the state only:
    /// v3.259.0 getRefreshOption), and its verdict reads the preview's JSON (.ci/drift-verdict.sh). Review B6: it asks
    /// whether an up of its stack ran meanwhile, before and after, and joins no deployment group.
    /// </summary>
    [Fact]
    public void A_daily_drift_check_refreshes_each_live_stack_and_judges_the_preview_it_could_trust()
    {
        var w = Workflow.Load("verify-live.yml");

        Assert.Contains("17 5 * * *", w.On.Seq("schedule").Select(c => ((YamlMappingNode)c).Scalar("cron")));
        Assert.Equal(["staging", "production-preview"], w.Environments("drift"));
        var drift = Assert.Single(w.Steps("drift"), s => Workflow.RunsPulumi(s, "preview"));
        var script = Run(drift);
        var preview = script.IndexOf("pulumi preview --stack \"$STACK\" --refresh --json", StringComparison.Ordinal);
        Assert.True(preview > 0, script);
        const string quiet = "bash \"$checks/live-checks.sh\" quiet \"$STACK\" \"$since\"";
        var before = script.IndexOf(quiet, StringComparison.Ordinal);
        Assert.True(before >= 0 && before < preview, "asked before the preview");
        Assert.True(script.LastIndexOf(quiet, StringComparison.Ordinal) > preview, "asked again after it");
        Assert.Contains("bash \"$checks/drift-verdict.sh\" \"$STACK\" \"$RUNNER_TEMP/drift.json\"", script);
        Assert.DoesNotContain("--expect-no-changes", script); // the monthly kubeconfig re-read is judged, not a failure
        Assert.Equal("live", drift.Scalar("working-directory"));
        Assert.Null(w.Job("drift").Get("concurrency")); // a job queued in a deployment group would replace a pending deployment
        Assert.Equal("read", w.Job("drift").Map("permissions").Scalar("actions"));
        Assert.Contains(w.Steps("drift"), s => Run(s) == "bash .ci/live-checks.sh status \"$SHA\" \"drift $STACK\" \"$OUTCOME\"");
    }

    /// <summary>
    /// Backups are daily, so is their check: a timer that stopped shows within a day, not at the next deployment.
    /// Without its key verify would skip the check and pass; here a missing key fails.
    /// </summary>
    [Fact]
    public void The_backups_are_checked_daily_with_their_read_only_key_and_a_missing_key_fails()
    {
        var w = Workflow.Load("verify-live.yml");

        var check = Assert.Single(w.Steps("drift"), s => Run(s).Contains("bash .ci/verify.sh \"$STACK\" \"the daily backups check\" --only backups"));
        Assert.Equal("always() && steps.live.outcome == 'success'", check.Scalar("if"));
        foreach (var name in new[] { "VERIFY_BACKUPS_ACCESS_KEY_ID", "VERIFY_BACKUPS_SECRET_ACCESS_KEY" })
        {
            Assert.Equal($"${{{{ secrets.{name} }}}}", check.Map("env").Scalar(name));
            Assert.Contains($"[ -z \"${name}\" ]", Run(check));
        }
        Assert.Contains("exit 1", Run(check));
        Assert.Contains(w.Steps("drift"), s => Run(s) == "bash .ci/live-checks.sh status \"$SHA\" \"backups $STACK\" \"$OUTCOME\"");
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Each_deployment_is_recorded_whatever_its_outcome(string file, string deploy, string stack)
    {
        var w = Workflow.Load(file);

        Assert.Equal($"always() && needs.{deploy}.result != 'skipped'", w.Job("record").Scalar("if"));
        Assert.Null(w.Job("record").Map("permissions").Get("deployments")); // review A3: no record that decides anything
        Assert.StartsWith($"bash .ci/live-checks.sh record {stack} ", Run(w.Steps("record").Last()));
    }

    // --- .ci/live-checks.sh: what is live comes from the deploy workflows' own runs (FakeGitHub models `gh run list/view`) ---

    private const string StagingSha = "1111111111111111111111111111111111111111";
    private const string Up = "pulumi up (staging)";
    private const string UpProduction = "pulumi up --plan (production)";

    private static long At(string time) => DateTimeOffset.Parse(time).ToUnixTimeSeconds();

    private static ChildProcess.Result Due(History repo, FakeGitHub github, string now, out CiScript ci)
    {
        ci = github.Install(new CiScript()).Env("NOW", At(now).ToString());
        return ci.RunIn(repo.Dir, ".ci/live-checks.sh", "due");
    }

    private static string Line(ChildProcess.Result run, string key) =>
        run.Stdout.Split('\n').Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    [Fact]
    public void What_is_live_is_the_newest_successful_up_of_each_stack_read_from_the_deploy_runs()
    {
        using var repo = new History();
        var github = new FakeGitHub()
            .Run("deploy-staging.yml", 7, repo.Base, "main", "push", "2026-12-06T09:00:00Z", jobs: FakeGitHub.Job(Up, completedAt: "2026-12-06T09:10:00Z"))
            .Run("deploy-staging.yml", 8, repo.OnMain, "main", "push", "2026-12-06T10:00:00Z", jobs: FakeGitHub.Job(Up, completedAt: "2026-12-06T10:00:00Z"))
            .Run("promote-production.yml", 9, repo.OnMain, "main", "workflow_dispatch", "2026-12-06T08:00:00Z",
                 displayTitle: $"promote {repo.Base} to production", jobs: FakeGitHub.Job(UpProduction, completedAt: "2026-12-06T09:00:00Z"));

        var run = Due(repo, github, "2026-12-06T10:20:00Z", out var ci);
        using var _ = ci;

        Assert.True(run.ExitCode == 0, run.Stderr);
        // Production's commit is the run-name's (the promoted sha), not the dispatch's head.
        Assert.Equal($"{{\"staging\":\"{repo.OnMain}\",\"production\":\"{repo.Base}\"}}", Line(run, "live"));
        Assert.Equal($"[{{\"stack\":\"staging\",\"sha\":\"{repo.OnMain}\",\"label\":\"+15m\"}}]", Line(run, "later"));
        Assert.Contains(ci.Calls, c => c.StartsWith("gh run list --workflow deploy-staging.yml --branch main --event push", StringComparison.Ordinal));
        Assert.Contains(ci.Calls, c => c.StartsWith("gh run list --workflow promote-production.yml --branch main --event workflow_dispatch", StringComparison.Ordinal));
        Assert.DoesNotContain(ci.Calls, c => c.Contains("deployments") || c.Contains("statuses"));
    }

    /// <summary>Review A3 (a): a failed, cancelled or refused up is never what runs: the one before it is.</summary>
    [Theory]
    [InlineData("failure")]
    [InlineData("cancelled")]
    [InlineData(null)] // refused by a reviewer, or still waiting: the job never ran
    public void An_up_that_did_not_succeed_is_never_live(string? conclusion)
    {
        using var repo = new History();
        var github = new FakeGitHub()
            .Run("promote-production.yml", 1, repo.OnMain, "main", "workflow_dispatch", "2026-12-05T08:00:00Z",
                 displayTitle: $"promote {repo.Base} to production", jobs: FakeGitHub.Job(UpProduction, completedAt: "2026-12-05T09:00:00Z"))
            .Run("promote-production.yml", 2, repo.OnMain, "main", "workflow_dispatch", "2026-12-06T08:00:00Z",
                 displayTitle: $"promote {repo.OnMain} to production",
                 jobs: FakeGitHub.Job(UpProduction, conclusion, completedAt: conclusion is null ? null : "2026-12-06T09:00:00Z"));

        var run = Due(repo, github, "2026-12-06T09:20:00Z", out var ci);
        using var _ = ci;

        Assert.Equal($"{{\"production\":\"{repo.Base}\"}}", Line(run, "live"));
        Assert.Equal("[]", Line(run, "later")); // the live one finished a day ago
    }

    /// <summary>
    /// Review A3 (b): a branch's own run can name any commit, and a run on main can name a commit that is not on main:
    /// neither is live. Only a push to main (staging) or a dispatch on main (production) counts, and the commit it
    /// names must be on the default branch of the clone.
    /// </summary>
    [Theory]
    [InlineData("side", "push", false)]
    [InlineData("main", "pull_request", false)]
    [InlineData("main", "workflow_dispatch", false)]
    [InlineData("main", "push", true)] // a push to main naming a commit that is not on main: refused by the ancestry check
    public void A_run_of_a_branch_or_of_another_event_or_of_a_commit_not_on_main_is_never_live(string branch, string @event, bool unmergedSha)
    {
        using var repo = new History();
        var github = new FakeGitHub()
            .Run("deploy-staging.yml", 7, repo.Base, "main", "push", "2026-12-06T09:00:00Z", jobs: FakeGitHub.Job(Up, completedAt: "2026-12-06T09:00:00Z"))
            .Run("deploy-staging.yml", 8, unmergedSha ? repo.OnBranch : repo.OnMain, branch, @event, "2026-12-06T10:00:00Z",
                 jobs: FakeGitHub.Job(Up, completedAt: "2026-12-06T10:00:00Z"));

        var run = Due(repo, github, "2026-12-06T10:20:00Z", out var ci);
        using var _ = ci;

        Assert.Equal($"{{\"staging\":\"{repo.Base}\"}}", Line(run, "live"));
        if (unmergedSha) Assert.Contains($"names commit {repo.OnBranch}, which is not on main", run.Stderr);
    }

    [Theory]
    [InlineData(14, null)]
    [InlineData(15, "+15m")]
    [InlineData(44, "+30m")]
    [InlineData(60, "+60m")]
    [InlineData(74, "+60m")]
    [InlineData(75, null)]
    public void The_checks_fall_in_15_minute_slots_from_15_to_75_minutes_after_the_up_finished(int minutes, string? label)
    {
        using var repo = new History();
        var github = new FakeGitHub()
            .Run("deploy-staging.yml", 7, repo.OnMain, "main", "push", "2026-12-06T09:40:00Z", jobs: FakeGitHub.Job(Up, completedAt: "2026-12-06T10:00:00Z"));

        var run = Due(repo, github, DateTimeOffset.Parse("2026-12-06T10:00:00Z").AddMinutes(minutes).ToString("o"), out var ci);
        using var _ = ci;

        Assert.Equal(label is null ? "[]" : $"[{{\"stack\":\"staging\",\"sha\":\"{repo.OnMain}\",\"label\":\"{label}\"}}]", Line(run, "later"));
    }

    /// <summary>The commit status stays, for people: posted, never read (Review A3: nothing decides on it).</summary>
    [Theory]
    [InlineData("success", "success")]
    [InlineData("failure", "failure")]
    [InlineData("cancelled", "failure")]
    public void The_verification_is_shown_on_the_commit_and_nothing_reads_it(string verify, string state)
    {
        using var ci = new FakeGitHub().Install(new CiScript());

        var run = ci.Run(".ci/live-checks.sh", "record", "staging", StagingSha, "success", verify);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var posted = Assert.Single(FakeGitHub.Posted(ci));
        Assert.Equal("verify staging", posted.GetProperty("context").GetString());
        Assert.Equal(state, posted.GetProperty("state").GetString());
        Assert.Contains($"repos/o/r/statuses/{StagingSha}", string.Join("\n", ci.Calls));
        // No script reads a status or a deployment: every `gh api` line naming one writes it.
        foreach (var script in Directory.GetFiles(Path.Combine(CiScript.Root, ".ci"), "*.sh"))
            Assert.All(File.ReadAllLines(script).Where(l => l.Contains("gh api") && (l.Contains("/statuses") || l.Contains("/deployments"))),
                l => Assert.Contains("--method POST", l));
    }

    [Fact]
    public void Every_workflow_reads_what_is_live_without_deployments_or_statuses_permission_to_read()
    {
        foreach (var file in Workflow.Files)
        {
            var w = Workflow.Load(file);
            foreach (var (id, job) in w.Jobs)
                Assert.True(job.Get("permissions") is not YamlMappingNode p || (p.Scalar("deployments") is null && p.Scalar("statuses") is not "read"),
                    $"{file}: job {id} reads deployments or statuses: nothing decides on them any more.");
        }
    }

    // --- B6: the drift check never reads a state that an up is writing ---

    [Theory]
    [InlineData("2026-12-06T05:10:00Z", "2026-12-06T05:20:00Z", 1)] // running across the check's start
    [InlineData("2026-12-06T05:18:00Z", null, 1)]                   // started during the check, still running
    [InlineData("2026-12-06T05:18:00Z", "2026-12-06T05:19:00Z", 1)] // started and finished during the check
    [InlineData("2026-12-06T04:00:00Z", "2026-12-06T05:00:00Z", 0)] // finished before the check began
    public void The_drift_check_knows_when_an_up_of_its_stack_overlapped_it(string started, string? completed, int exit)
    {
        var github = new FakeGitHub()
            .Run("deploy-staging.yml", 7, StagingSha, "main", "push", "2026-12-06T04:00:00Z", status: completed is null ? "in_progress" : "completed",
                 updatedAt: completed ?? started, jobs: FakeGitHub.Job(Up, completed is null ? null : "success", started, completed, completed is null ? "in_progress" : "completed"));
        using var ci = github.Install(new CiScript()).Env("NOW", At("2026-12-06T05:25:00Z").ToString());

        var run = ci.Run(".ci/live-checks.sh", "quiet", "staging", At("2026-12-06T05:17:00Z").ToString());

        Assert.True(run.ExitCode == exit, run.Stdout + run.Stderr);
        if (exit == 1) Assert.Contains("'pulumi up (staging)'", run.Stdout);
    }

    [Fact]
    public void A_state_operation_counts_and_a_production_up_waiting_for_its_reviewer_does_not()
    {
        var github = new FakeGitHub()
            .Run("operations.yml", 5, StagingSha, "main", "workflow_dispatch", "2026-12-06T05:00:00Z", status: "in_progress",
                 jobs: [FakeGitHub.Job("the deploy runner is configured"), FakeGitHub.Job("refresh production", null, "2026-12-06T05:16:00Z", null, "in_progress")])
            .Run("promote-production.yml", 6, StagingSha, "main", "workflow_dispatch", "2026-12-06T04:00:00Z", status: "waiting",
                 jobs: FakeGitHub.Job(UpProduction, null, null, null, "waiting"));
        using var ci = github.Install(new CiScript()).Env("NOW", At("2026-12-06T05:25:00Z").ToString());

        var production = ci.Run(".ci/live-checks.sh", "quiet", "production", At("2026-12-06T05:17:00Z").ToString());
        var staging = ci.Run(".ci/live-checks.sh", "quiet", "staging", At("2026-12-06T05:17:00Z").ToString());

        Assert.Equal(1, production.ExitCode);
        Assert.Contains("'refresh production'", production.Stdout);
        Assert.DoesNotContain("pulumi up --plan", production.Stdout);
        Assert.Equal(0, staging.ExitCode);
    }

    [Fact]
    public void The_verify_script_writes_the_report_to_the_job_summary_and_fails_as_verify_fails()
    {
        using var run = new VerifyScriptRun(exitCode: 1, report: "| ❌ | dns | A apis.helloworlddao.com |");

        Assert.Equal(1, run.Exit);
        Assert.Contains("## verify production: right after the deployment", run.Summary);
        Assert.Contains("| ❌ | dns | A apis.helloworlddao.com |", run.Summary);
        Assert.Contains("::error::verify production (right after the deployment): a check failed", run.Output);
        Assert.Equal(["run", "--project", "cli", "--", "verify", "production", "--output", "markdown"], run.DotnetArguments);
    }

    [Fact]
    public void The_ssh_key_reaches_verify_as_a_private_file_never_as_an_argument_and_is_removed()
    {
        const string key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-test-only\n-----END OPENSSH PRIVATE KEY-----";
        using var run = new VerifyScriptRun(exitCode: 0, report: "all passed", sshKey: key);

        Assert.Equal(0, run.Exit);
        var keyFile = run.DotnetArguments[run.DotnetArguments.ToList().IndexOf("--ssh-key") + 1];
        Assert.Equal(key + "\n", run.KeyFileContent);
        Assert.Equal("600", run.KeyFileMode);
        Assert.DoesNotContain(run.DotnetArguments, a => a.Contains("PRIVATE KEY"));
        Assert.DoesNotContain("PRIVATE KEY", run.Output + run.Summary);
        Assert.False(File.Exists(keyFile), "the key file is removed when the script ends");
    }

    /// <summary>
    /// Runs .ci/verify.sh with a labelled FAKE `dotnet` first on PATH: it records its arguments and the key
    /// file it was given, prints the report the test chose and exits with the test's code.
    /// </summary>
    private sealed class VerifyScriptRun : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("verify-script-").FullName;

        public VerifyScriptRun(int exitCode, string report, string? sshKey = null)
        {
            var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
            File.WriteAllText(Path.Combine(bin, "dotnet"), $$"""
                #!/usr/bin/env bash
                # FAKE dotnet for this test: records its arguments (and the key file it was given), prints a report.
                printf '%s\n' "$@" > "{{_dir}}/args"
                for ((i = 1; i <= $#; i++)); do
                  if [ "${!i}" = --ssh-key ]; then j=$((i + 1)); cp "${!j}" "{{_dir}}/key"; stat -c %a "${!j}" > "{{_dir}}/key-mode"; fi
                done
                printf '%s\n' '{{report}}'
                exit {{exitCode}}
                """);
            if (!OperatingSystem.IsWindows()) // bash scripts: this test runs where bash does
                File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var summary = Path.Combine(_dir, "summary.md");
            var start = new ProcessStartInfo("bash");
            start.ArgumentList.Add(Path.Combine(Path.GetDirectoryName(Workflow.Folder)!, "..", ".ci", "verify.sh"));
            start.ArgumentList.Add("production");
            start.ArgumentList.Add("right after the deployment");
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            start.Environment["GITHUB_STEP_SUMMARY"] = summary;
            if (sshKey is null) start.Environment.Remove("VERIFY_SSH_KEY");
            else start.Environment["VERIFY_SSH_KEY"] = sshKey;
            var run = ChildProcess.Run(start);
            Output = run.Stdout + run.Stderr;
            Exit = run.ExitCode;
            Summary = File.Exists(summary) ? File.ReadAllText(summary) : "";
            DotnetArguments = File.ReadAllLines(Path.Combine(_dir, "args"));
            KeyFileContent = File.Exists(Path.Combine(_dir, "key")) ? File.ReadAllText(Path.Combine(_dir, "key")) : null;
            KeyFileMode = File.Exists(Path.Combine(_dir, "key-mode")) ? File.ReadAllText(Path.Combine(_dir, "key-mode")).Trim() : null;
        }

        public int Exit { get; }
        public string Output { get; }
        public string Summary { get; }
        public IReadOnlyList<string> DotnetArguments { get; }
        public string? KeyFileContent { get; }
        public string? KeyFileMode { get; }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}

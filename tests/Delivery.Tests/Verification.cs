using System.Diagnostics;
using System.Text.Json;
using Platform.Tests.Shared;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 6: every deployment is verified (seeds/003) by a job of its own after `up`, whatever up's
/// outcome; the later checks (seeds/003 "T+15m and T+1h") and a daily drift check run on a schedule against
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
    public void The_later_checks_run_on_a_schedule_against_the_live_deployment_and_record_their_result()
    {
        var w = Workflow.Load("verify-live.yml");

        Assert.Contains("*/15 * * * *", w.On.Seq("schedule").Select(c => ((YamlMappingNode)c).Scalar("cron")));
        Assert.Equal("bash .ci/live-checks.sh due >> \"$GITHUB_OUTPUT\"", Run(w.Steps("due").Last()));
        Assert.Equal("${{ fromJSON(needs.due.outputs.later) }}", w.Job("later").Map("strategy").Map("matrix").Scalar("include"));
        Assert.Equal("${{ matrix.sha }}", Assert.Single(w.StepsUsing("later", "actions/checkout")).Map("with").Scalar("ref"));
        var verify = Assert.Single(w.Steps("later"), s => Run(s).StartsWith("bash .ci/verify.sh ", StringComparison.Ordinal));
        Assert.EndsWith("--only dns,storage,gateway", Run(verify)); // seeds/003: the dig + HTTPS checklist, no secret
        Assert.Empty(w.Environments("later"));
        var record = w.Steps("later").Last();
        Assert.Equal("always()", record.Scalar("if"));
        Assert.Equal("bash .ci/live-checks.sh status \"$SHA\" \"verify $STACK ($LABEL)\" \"$OUTCOME\"", Run(record));
    }

    [Fact]
    public void A_daily_drift_check_previews_each_live_stack_expecting_no_changes()
    {
        var w = Workflow.Load("verify-live.yml");

        Assert.Contains("17 5 * * *", w.On.Seq("schedule").Select(c => ((YamlMappingNode)c).Scalar("cron")));
        Assert.Equal(["staging", "production-preview"], w.Environments("drift"));
        Assert.Contains(w.Steps("drift"), s => Run(s).StartsWith("pulumi preview --stack \"$STACK\" --expect-no-changes", StringComparison.Ordinal));
        Assert.Equal("${{ steps.live.outputs.sha }}", Assert.Single(w.StepsUsing("drift", "actions/checkout")).Map("with").Scalar("ref"));
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
        Assert.Equal("write", w.Job("record").Map("permissions").Scalar("deployments"));
        Assert.StartsWith($"bash .ci/live-checks.sh record {stack} ", Run(w.Steps("record").Last()));
    }

    // --- .ci/live-checks.sh against a FAKE `gh` serving recorded deployments and recording what is posted ---

    private static CiScript FakeGitHub(params (string Stack, string Sha, string CreatedAt)[] deployments)
    {
        var ci = new CiScript();
        foreach (var (stack, sha, created) in deployments)
            ci.File_($"deployments-{stack}.json", JsonSerializer.Serialize(new[] { new { id = 42, sha, created_at = created, task = "pulumi-up" } }));
        ci.Fake("gh", $$"""
            fixtures='{{ci.Dir}}'
            if [ "$1" = api ] && [ "${2:-}" != --method ]; then
              stack=$(sed -E 's/.*environment=([a-z]+).*/\1/' <<< "$2")
              [ -f "$fixtures/deployments-$stack.json" ] || { echo '[]' | jq -r "${4:-.}"; exit 0; }
              jq -r "${4:-.}" "$fixtures/deployments-$stack.json"
              exit 0
            fi
            jq -c . >> "$fixtures/posted.jsonl"
            [[ "$*" == *"--jq .id"* ]] && echo 4711
            exit 0
            """);
        return ci.Env("GH_REPO", "o/r").Env("GH_TOKEN", "test").Env("GITHUB_RUN_ID", "99");
    }

    private const string StagingSha = "1111111111111111111111111111111111111111";
    private const string ProductionSha = "2222222222222222222222222222222222222222";

    [Fact]
    public void A_deployment_20_minutes_old_is_due_for_its_15_minute_check_and_one_80_minutes_old_is_not()
    {
        using var ci = FakeGitHub(("staging", StagingSha, "2026-12-06T10:00:00Z"), ("production", ProductionSha, "2026-12-06T09:00:00Z"))
            .Env("NOW", DateTimeOffset.Parse("2026-12-06T10:20:00Z").ToUnixTimeSeconds().ToString());

        var run = ci.Run(".ci/live-checks.sh", "due");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal([$"live={{\"staging\":\"{StagingSha}\",\"production\":\"{ProductionSha}\"}}",
                      $"later=[{{\"stack\":\"staging\",\"sha\":\"{StagingSha}\",\"label\":\"+15m\"}}]"], run.Stdout.TrimEnd().Split('\n'));
        Assert.All(ci.Calls, c => Assert.Contains("task=pulumi-up", c));
    }

    [Theory]
    [InlineData(14, null)]
    [InlineData(15, "+15m")]
    [InlineData(44, "+30m")]
    [InlineData(60, "+60m")]
    [InlineData(74, "+60m")]
    [InlineData(75, null)]
    public void The_checks_fall_in_15_minute_slots_from_15_to_75_minutes(int minutes, string? label)
    {
        using var ci = FakeGitHub(("staging", StagingSha, "2026-12-06T10:00:00Z"))
            .Env("NOW", DateTimeOffset.Parse("2026-12-06T10:00:00Z").AddMinutes(minutes).ToUnixTimeSeconds().ToString());

        var later = ci.Run(".ci/live-checks.sh", "due").Stdout.Split('\n').Single(l => l.StartsWith("later=", StringComparison.Ordinal));

        Assert.Equal(label is null ? "later=[]" : $"later=[{{\"stack\":\"staging\",\"sha\":\"{StagingSha}\",\"label\":\"{label}\"}}]", later);
    }

    [Theory]
    [InlineData("success", "success", "success", "success")]
    [InlineData("failure", "success", "failure", "success")]
    [InlineData("success", "failure", "success", "failure")]
    [InlineData("cancelled", "success", "failure", "success")]
    public void A_deployment_is_recorded_with_its_outcome_and_its_verification_on_the_commit(string up, string verify, string deployment, string status)
    {
        using var ci = FakeGitHub();

        var run = ci.Run(".ci/live-checks.sh", "record", "staging", StagingSha, up, verify);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var posted = File.ReadAllLines(Path.Combine(ci.Dir, "posted.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, posted.Count);
        Assert.Equal("pulumi-up", posted[0].GetProperty("task").GetString());
        Assert.Equal(StagingSha, posted[0].GetProperty("ref").GetString());
        Assert.Equal(deployment, posted[1].GetProperty("state").GetString());
        Assert.Equal("verify staging", posted[2].GetProperty("context").GetString());
        Assert.Equal(status, posted[2].GetProperty("state").GetString());
        Assert.Contains("repos/o/r/deployments/4711/statuses", string.Join("\n", ci.Calls));
        Assert.Contains($"repos/o/r/statuses/{StagingSha}", string.Join("\n", ci.Calls));
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

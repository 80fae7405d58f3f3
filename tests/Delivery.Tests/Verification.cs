using System.Diagnostics;
using Platform.Tests.Shared;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>
/// Every deployment is verified (seeds/003): `verify STACK` right after `pulumi up`, and again about 15
/// minutes and an hour later, each failing the run and writing its report to the job summary.
/// </summary>
public partial class Verification
{
    public static TheoryData<string, string, string> Deployments => new()
    {
        { "deploy-staging.yml", "deploy", "staging" },
        { "promote-production.yml", "deploy-production", "production" },
    };

    [GeneratedRegex(@"^sleep (\d+)$")]
    private static partial Regex Sleep();

    private static string Run(YamlMappingNode step) => step.Scalar("run") ?? "";

    [Theory]
    [MemberData(nameof(Deployments))]
    public void The_deployment_job_verifies_the_stack_right_after_pulumi_up(string file, string job, string stack)
    {
        var steps = Workflow.Load(file).Steps(job).ToList();
        var up = steps.FindIndex(s => s.Get("uses")?.Str().StartsWith("pulumi/actions@", StringComparison.Ordinal) == true && s.Map("with").Scalar("command") == "up");

        var verify = steps.FindIndex(s => Run(s).StartsWith($"bash .ci/verify.sh {stack} ", StringComparison.Ordinal));

        Assert.True(up >= 0 && verify == up + 1, $"{file}: the step after `pulumi up` in {job} runs bash .ci/verify.sh {stack}.");
        Assert.DoesNotContain("--only", Run(steps[verify])); // every check, Vault included
        Assert.Equal("${{ secrets.VERIFY_SSH_KEY }}", steps[verify].Map("env").Scalar("VERIFY_SSH_KEY"));
        // The backup bucket's read-only key, which verify reads from these two variables (VerifyOptions).
        foreach (var name in new[] { "VERIFY_BACKUPS_ACCESS_KEY_ID", "VERIFY_BACKUPS_SECRET_ACCESS_KEY" })
            Assert.Equal($"${{{{ secrets.{name} }}}}", steps[verify].Map("env").Scalar(name));
        Assert.Null(steps[verify].Get("continue-on-error")); // a failed check fails the run
        Assert.Null(steps[verify].Get("if"));
    }

    [Theory]
    [InlineData("deploy-staging.yml", "deploy", "staging", "verify-15m", 14, 16)]
    [InlineData("deploy-staging.yml", "deploy", "staging", "verify-1h", 58, 62)]
    [InlineData("promote-production.yml", "deploy-production", "production", "verify-15m", 14, 16)]
    [InlineData("promote-production.yml", "deploy-production", "production", "verify-1h", 58, 62)]
    public void The_stack_is_verified_again_later_after_each_deployment(string file, string deploy, string stack, string job, int fromMinutes, int toMinutes)
    {
        var workflow = Workflow.Load(file);
        var steps = workflow.Steps(job).ToList();
        var sleep = steps.Select(s => Sleep().Match(Run(s))).Single(m => m.Success);
        var verify = steps.FindIndex(s => Run(s).StartsWith($"bash .ci/verify.sh {stack} ", StringComparison.Ordinal));

        Assert.Contains(deploy, workflow.Needs(job));
        Assert.InRange(int.Parse(sleep.Groups[1].Value) / 60.0 + 1, fromMinutes, toMinutes); // + about a minute to check out and build
        Assert.True(verify > steps.FindIndex(s => Sleep().IsMatch(Run(s))), $"{file}: {job} verifies after it waited.");
        Assert.EndsWith("--only dns,storage,gateway", Run(steps[verify])); // seeds/003: the dig + HTTPS checklist
        Assert.True(int.Parse(workflow.Job(job).Scalar("timeout-minutes")!) > toMinutes, $"{file}: {job} must not time out while it waits.");
    }

    [Theory]
    [InlineData("deploy-staging.yml")]
    [InlineData("promote-production.yml")]
    public void The_later_checks_need_no_secret_and_no_environment_so_production_reviewers_are_not_asked_again(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var job in new[] { "verify-15m", "verify-1h" })
        {
            Assert.Null(workflow.Job(job).Get("environment"));
            Assert.DoesNotContain("secrets.", Jobs.Serialize(workflow.Job(job)));
        }
    }

    [Fact]
    public void The_verify_script_writes_the_report_to_the_job_summary_and_fails_as_verify_fails()
    {
        using var run = new VerifyScriptRun(exitCode: 1, report: "| ❌ | dns | A apis.helloworlddao.com |");

        Assert.Equal(1, run.Exit);
        Assert.Contains("## verify production: right after the deployment", run.Summary);
        Assert.Contains("| ❌ | dns | A apis.helloworlddao.com |", run.Summary);
        Assert.Contains("::error::verify production (right after the deployment): a check failed", run.Output);
        Assert.Equal(["run", "--project", "stacks", "--", "verify", "production", "--markdown"], run.DotnetArguments);
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

using System.Diagnostics;
using System.Text.RegularExpressions;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>
/// Review A1: the deploy jobs never share a machine with unreviewed code or with an earlier job. They ask for the
/// deploy runner by its organisation runner group (restricted to the deploy workflows of main) and label, and their
/// first step, before any secret, checks the runner is a fresh one-job one (.ci/fresh-runner.sh). A self-hosted deploy
/// runner is started by .ci/runner-host.sh: a just-in-time registration and a new container per job.
/// </summary>
public class DeployRunner
{
    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_job_on_the_deploy_runner_checks_it_is_fresh_before_any_secret_or_code(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys.Where(j => w.RunsOn(j) == NetworkPath.DeployRunner))
        {
            var steps = w.Steps(job).ToList();
            var check = steps.FindIndex(s => Workflow.Run(s) == "bash .ci/fresh-runner.sh");
            Assert.True(check >= 0, $"{file}: job {job} never checks its runner");
            foreach (var step in steps.Take(check))
            {
                Assert.DoesNotContain("secrets.", Jobs.Serialize(step));
                Assert.True(step.Get("uses")?.Str().StartsWith("actions/checkout@", StringComparison.Ordinal) == true || Workflow.Run(step).Length > 0,
                    $"{file}: job {job} runs an action before checking its runner");
                Assert.DoesNotMatch(@"\bbash \.ci/(?!fresh-runner)|dotnet |pulumi ", Workflow.Run(step));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void The_deploy_runner_is_named_by_its_group_and_its_label_never_by_a_label_alone(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys)
            Assert.DoesNotContain("vars.DEPLOY_RUNNER }}", w.RunsOn(job) == NetworkPath.DeployRunner ? "" : w.RunsOn(job));
    }

    // --- .ci/fresh-runner.sh, as the deploy job's first step runs it ---

    private static ChildProcess.Result Fresh(CiScript ci, string environment, string? marker, bool asNobody = true)
    {
        var path = Path.Combine(ci.Dir, "platform-deploy-runner");
        if (marker is not null)
        {
            File.WriteAllText(path, marker);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        ci.Env("RUNNER_ENVIRONMENT", environment).Env("RUNNER_NAME", "platform-deploy-20261206T101500Z-1-42").Env("FRESH_RUNNER_MARKER", path);
        if (!asNobody || Environment.UserName != "root" || OperatingSystem.IsWindows())
            return ci.Run(".ci/fresh-runner.sh");
        // As the runner's own user: the job runs as one that cannot write the marker root wrote.
        Directory.CreateDirectory(ci.Dir);
        File.SetUnixFileMode(ci.Dir, (UnixFileMode)Convert.ToInt32("755", 8));
        var wrapper = ci.File_("as-runner.sh", $"exec setpriv --reuid=65534 --regid=65534 --clear-groups bash '{Path.Combine(CiScript.Root, ".ci", "fresh-runner.sh")}'\n");
        return ci.Run(wrapper);
    }

    [Fact]
    public void A_github_hosted_runner_is_a_fresh_machine_for_the_job()
    {
        using var ci = new CiScript();

        Assert.Equal(0, Fresh(ci, "github-hosted", null).ExitCode);
    }

    [Fact]
    public void A_runner_started_for_this_job_alone_passes()
    {
        using var ci = new CiScript();

        var run = Fresh(ci, "self-hosted", "runner=platform-deploy-20261206T101500Z-1-42\njobs=1\nstarted=2026-12-06T10:15:00Z\n");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("started for this job alone", run.Stdout);
    }

    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("runner=platform-deploy-20261205T080000Z-3-17\njobs=1\n", "names another runner")]
    [InlineData("runner=platform-deploy-20261206T101500Z-1-42\n", "does not say jobs=1")]
    public void A_persistent_or_hand_registered_runner_fails_before_any_secret(string? marker, string reason)
    {
        using var ci = new CiScript();

        var run = Fresh(ci, "self-hosted", marker);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, run.Stdout);
        Assert.Contains("Nothing was read or changed", run.Stdout);
    }

    [Fact]
    public void A_job_running_as_root_could_have_written_the_marker_itself_and_fails()
    {
        if (Environment.UserName != "root") return; // the case exists only where the job runs as root
        using var ci = new CiScript();

        var run = Fresh(ci, "self-hosted", "runner=platform-deploy-20261206T101500Z-1-42\njobs=1\n", asNobody: false);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("runs as root", run.Stdout);
    }

    // --- .ci/runner-host.sh, on the runner's host, against FAKE `gh` (generate-jitconfig) and FAKE `podman` ---

    [Fact]
    public void The_host_starts_a_new_container_registered_for_one_job_each_time_and_never_hands_out_its_token()
    {
        using var ci = new CiScript()
            .Fake("gh", """echo "jit-config-$RANDOM-secret-once" """)
            // FAKE podman: records the environment file it was given (a pipe: read it now), then "runs the job".
            .Fake("podman", """
                for ((i = 1; i <= $#; i++)); do if [ "${!i}" = --env-file ]; then j=$((i + 1)); cat "${!j}" >> "$(dirname "$0")/../env-files"; fi; done
                """);

        var run = ci.Env("GH_TOKEN", "ghp-host-only-token").Env("RUNS", "2").Run(".ci/runner-host.sh", "octo-org", "7", "platform-deploy");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var jit = ci.Calls.Where(c => c.StartsWith("gh ", StringComparison.Ordinal)).ToList();
        var podman = ci.Calls.Where(c => c.StartsWith("podman ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, jit.Count);
        Assert.All(jit, c => Assert.Contains("--method POST orgs/octo-org/actions/runners/generate-jitconfig", c));
        Assert.All(jit, c => Assert.Contains("runner_group_id=7", c));
        Assert.Equal(2, podman.Count);
        Assert.Equal(2, podman.Select(c => Regex.Match(c, @"--name (\S+)").Groups[1].Value).Distinct().Count()); // a runner of its own each time
        Assert.All(podman, c =>
        {
            Assert.StartsWith("podman run --rm ", c);
            Assert.DoesNotMatch(@"--privileged|(^| )(-v|--volume|--mount)( |=)|--network[= ]host|--pid[= ]host", c);
            Assert.DoesNotContain("jit-config", c); // the configuration is read from a pipe, never on the command line
            Assert.DoesNotContain("ghp-host-only-token", c);
        });
        var envFiles = File.ReadAllText(Path.Combine(ci.Dir, "env-files"));
        Assert.Equal(2, Regex.Matches(envFiles, "^JIT_CONFIG=jit-config-", RegexOptions.Multiline).Count);
        Assert.DoesNotContain("ghp-host-only-token", envFiles);
    }

    [Fact]
    public void The_entrypoint_writes_the_marker_as_root_and_runs_the_runner_as_another_user_for_one_job()
    {
        var entrypoint = File.ReadAllText(Path.Combine(CiScript.Root, ".ci", "runner-image", "entrypoint.sh"));

        Assert.Contains("printf 'runner=%s\\njobs=1\\n", entrypoint);
        Assert.Contains("chmod 0444 /etc/platform-deploy-runner", entrypoint);
        Assert.Contains("-u runner /home/runner/run.sh --jitconfig", entrypoint);
        Assert.DoesNotContain("--ephemeral", entrypoint); // a JIT configuration is single-use already
    }

    /// <summary>README step 6 says how to make this runner, and no longer registers a persistent one.</summary>
    [Fact]
    public void The_readme_registers_no_persistent_runner_and_restricts_the_group_to_the_deploy_workflows_of_main()
    {
        var readme = File.ReadAllText(Path.Combine(CiScript.Root, "README.md"));

        Assert.DoesNotContain("svc.sh install", readme);
        Assert.DoesNotContain("--labels platform-deploy --unattended", readme);
        Assert.Contains("\"restricted_to_workflows\":true", readme);
        Assert.Contains("\"allows_public_repositories\":false", readme);
        foreach (var workflow in new[] { "deploy-staging.yml", "promote-production.yml", "operations.yml", "verify-live.yml" })
            Assert.Contains($"OWNER/REPO/.github/workflows/{workflow}@refs/heads/main", readme);
        Assert.Contains("bash .ci/runner-host.sh", readme);
        Assert.Contains("gh variable set DEPLOY_RUNNER_GROUP", readme);
        Assert.DoesNotContain("a test checks that no job of it asks for that runner", readme);
    }
}

using Platform.Cli;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 1: the jobs that reach the hosts (SSH, the k3s API) run on the deploy runner, whose egress
/// address is platform:hetzner.deployRunnerCidrs (which both firewalls let in: Stacks.Tests DeployRunnerAccessTests
/// and HostScriptTests); they check they reach the hosts before anything changes; pull-request code never runs there.
/// </summary>
public class NetworkPath
{
    /// <summary>The deploy runner: its organisation runner group (restricted to the deploy workflows of main) and its label.</summary>
    public const string DeployRunner = "{group: ${{ vars.DEPLOY_RUNNER_GROUP }}, labels: ${{ vars.DEPLOY_RUNNER }}}";

    private static bool ReachesHosts(Workflow w, string job) =>
        w.Steps(job).Any(s => System.Text.RegularExpressions.Regex.IsMatch(Workflow.Run(s), @"(?m)^\s*pulumi (up|preview|refresh|cancel)\b|\.ci/(operation|reach)\.sh")
                              || (s.Get("env") as YamlDotNet.RepresentationModel.YamlMappingNode)?.Get("VERIFY_SSH_KEY") is not null);

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_job_that_deploys_or_reaches_the_hosts_runs_on_the_deploy_runner(string file)
    {
        var w = Workflow.Load(file);
        if (w.Events.Contains("pull_request")) return; // pull-request code never runs there: the next test

        foreach (var job in w.Jobs.Keys.Where(j => ReachesHosts(w, j)))
            Assert.True(w.RunsOn(job) == DeployRunner, $"{file}: job {job} reaches the hosts from '{w.RunsOn(job)}', not from the deploy runner ({DeployRunner}).");
    }

    [Fact]
    public void Pulumi_up_never_runs_on_a_github_hosted_runner()
    {
        var ups = Workflow.Files.Select(Workflow.Load).SelectMany(w => w.PulumiCli("up").Select(u => (w, u.Job))).ToList();

        Assert.NotEmpty(ups);
        Assert.All(ups, u => Assert.Equal(DeployRunner, u.w.RunsOn(u.Job)));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_job_that_runs_pull_request_code_runs_on_the_deploy_runner(string file)
    {
        var w = Workflow.Load(file);
        if (!w.Events.Contains("pull_request")) return;

        foreach (var job in w.Jobs.Keys)
            Assert.Matches(@"^ubuntu-\d+\.\d+$", w.RunsOn(job));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void The_deploy_runner_variable_is_checked_before_a_job_waits_for_that_runner(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys.Where(j => w.RunsOn(j) == DeployRunner))
        {
            var checks = w.NeedsTransitively(job).Where(n => w.RunsOn(n) != DeployRunner
                && w.Steps(n).Any(s => Workflow.Run(s) == "bash .ci/deploy-runner.sh")).ToList();
            Assert.True(checks.Count > 0, $"{file}: job {job} needs no job that runs .ci/deploy-runner.sh on a GitHub runner first.");
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_pulumi_up_and_saved_plan_is_preceded_by_the_reach_check_of_its_stack(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys)
        {
            var steps = w.Steps(job).Select(Workflow.Run).ToList();
            var changes = w.Steps(job).ToList().FindIndex(s => Workflow.RunsPulumi(s, "up") || Workflow.Run(s).Contains("--save-plan") || Workflow.Run(s).Contains("--expect-no-changes"));
            if (changes < 0) continue;
            var reach = steps.FindIndex(r => r.StartsWith("bash .ci/reach.sh ", StringComparison.Ordinal));
            Assert.True(reach >= 0 && reach < changes, $"{file}: job {job} runs pulumi before checking it reaches the hosts.");
        }
    }

    [Theory]
    [InlineData("", "platform-deploy", "DEPLOY_RUNNER: not set")]
    [InlineData("ubuntu-24.04", "platform-deploy", "GitHub-hosted standard runner")]
    [InlineData("self-hosted", "platform-deploy", "matches any self-hosted runner")]
    [InlineData("deploy runner", "platform-deploy", "is not one runner label")]
    [InlineData("platform-deploy", "", "DEPLOY_RUNNER_GROUP: not set")]
    [InlineData("platform-deploy", "Default", "'Default' is every runner of the organisation")]
    public void A_missing_or_shared_runner_label_or_group_fails_with_the_reason(string label, string group, string reason)
    {
        using var ci = new CiScript();

        var run = ci.Env("DEPLOY_RUNNER", label).Env("DEPLOY_RUNNER_GROUP", group).Run(".ci/deploy-runner.sh");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(reason, run.Stdout);
    }

    [Fact]
    public void A_dedicated_runner_label_in_a_group_of_its_own_is_accepted()
    {
        using var ci = new CiScript();

        Assert.Equal(0, ci.Env("DEPLOY_RUNNER", "platform-deploy").Env("DEPLOY_RUNNER_GROUP", "platform-deploy").Run(".ci/deploy-runner.sh").ExitCode);
    }

    /// <summary>FAKE `timeout` for reach.sh: never opens a connection; "fails" for the host:port pairs the test lists.</summary>
    private static CiScript WithFakeConnections(params string[] unreachable) => new CiScript().Fake("timeout", $$"""
        # args: SECONDS bash -c SCRIPT _ HOST PORT
        for blocked in {{string.Join(" ", unreachable.Select(u => $"'{u}'"))}}; do [ "$6:$7" = "$blocked" ] && exit 1; done
        exit 0
        """);

    private static string PlanJson(CiScript ci, string stack)
    {
        var (settings, problems) = Validation.Load(StackFile.Load(CiScript.Root, stack));
        Assert.Empty(problems);
        return ci.File_($"{stack}.plan.json", JsonPlan.Write(PlanBuilder.Build(settings)));
    }

    [Fact]
    public void Reach_checks_ssh_of_every_known_host_and_the_k3s_api_of_the_cluster_host_from_the_real_plan()
    {
        using var ci = WithFakeConnections();

        var run = ci.Run(".ci/reach.sh", "production", PlanJson(ci, "production"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["157.180.13.84 22", "157.180.13.84 6443", "65.21.149.226 22"],
            ci.Calls.Select(c => string.Join(' ', c.Split(' ')[^2..])).Order());
    }

    [Fact]
    public void An_unreachable_port_fails_before_up_naming_the_host_and_the_config_key()
    {
        using var ci = WithFakeConnections("157.180.13.84:6443");

        var run = ci.Run(".ci/reach.sh", "production", PlanJson(ci, "production"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot reach 157.180.13.84:6443 (k3s API)", run.Stdout);
        Assert.Contains("platform:hetzner.deployRunnerCidrs of Pulumi.production.yaml", run.Stdout);
        Assert.Contains("1 unreachable", run.Stdout);
    }

    [Fact]
    public void Hosts_the_up_creates_are_named_as_not_checked_never_as_reached()
    {
        using var ci = WithFakeConnections();

        var run = ci.Run(".ci/reach.sh", "staging", PlanJson(ci, "staging"));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(ci.Calls);
        Assert.Contains("not checked: SSH of a host whose address this up creates (the plan says 'primary IP of staging-k3s')", run.Stdout);
        Assert.DoesNotContain("reached", run.Stdout);
    }
}

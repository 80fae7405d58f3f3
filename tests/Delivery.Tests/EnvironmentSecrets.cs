using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 2: secrets per GitHub environment, read by the step that needs them; no job that runs
/// unreviewed code can reach a production environment; production is written only from the reviewed one.
/// </summary>
public partial class EnvironmentSecrets
{
    /// <summary>The same names in every environment: the job's environment decides which stack's values it gets.</summary>
    public static readonly string[] SecretNames =
        ["PULUMI_BACKEND_URL", "PULUMI_BACKEND_ACCESS_KEY_ID", "PULUMI_BACKEND_SECRET_ACCESS_KEY", "PULUMI_CONFIG_PASSPHRASE", "VERIFY_SSH_KEY",
         "VERIFY_BACKUPS_ACCESS_KEY_ID", "VERIFY_BACKUPS_SECRET_ACCESS_KEY"];

    /// <summary>
    /// staging: main only (production-grade: its Cloudflare token reaches production's zone and account). production:
    /// reviewers, main only. production-preview: main only, read-only state key. No environment serves pull requests.
    /// </summary>
    public static readonly string[] EnvironmentNames = ["staging", "production", "production-preview"];

    [GeneratedRegex(@"secrets\.([A-Za-z0-9_]+)")]
    private static partial Regex SecretReference();

    private static IEnumerable<string> SecretsOf(YamlNode node) =>
        SecretReference().Matches(Jobs.Serialize(node)).Select(m => m.Groups[1].Value).Where(n => n != "GITHUB_TOKEN");

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void A_secret_is_read_by_the_step_that_needs_it_never_by_a_whole_job(string file)
    {
        var w = Workflow.Load(file);

        foreach (var (id, job) in w.Jobs)
            Assert.True(job.Get("env") is not { } env || !SecretsOf(env).Any(), $"{file}: job {id} hands secrets to every step in its env.");
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_job_that_reads_a_secret_runs_in_a_github_environment_of_the_project(string file)
    {
        var w = Workflow.Load(file);

        foreach (var (id, job) in w.Jobs.Where(j => SecretsOf(j.Value).Any()))
        {
            var environments = w.Environments(id);
            Assert.True(environments.Count > 0, $"{file}: job {id} reads secrets without a GitHub environment: they could only be repository secrets, which every branch reads.");
            Assert.Subset(EnvironmentNames.ToHashSet(), environments.ToHashSet());
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Secrets_have_the_same_names_in_every_environment(string file)
    {
        var names = SecretsOf(Workflow.Load(file).Root).Distinct().ToList();

        Assert.All(names, n => Assert.Contains(n, SecretNames));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_job_that_runs_unreviewed_code_can_reach_a_production_environment(string file)
    {
        var w = Workflow.Load(file);
        var production = w.Jobs.Keys.Where(j => w.Environments(j).Any(e => e.StartsWith("production", StringComparison.Ordinal))).ToList();
        if (production.Count == 0) return;

        // Dispatched or scheduled runs use the workflow of main, which the environments' branch policy enforces;
        // pull_request runs the pull request's code, push may be any branch's, workflow_run has its own rules.
        Assert.True(w.Events.All(e => e is "workflow_dispatch" or "schedule"),
            $"{file} runs on {string.Join(", ", w.Events)} and has production jobs ({string.Join(", ", production)}).");
    }

    /// <summary>
    /// Review A2: a pull request's code never runs with a stack's secrets. Staging shares the Cloudflare zone and
    /// account with production, so a preview of staging on a pull request handed production-grade tokens to
    /// unreviewed code: no job of a pull_request workflow runs the Pulumi CLI or names an environment or a secret.
    /// </summary>
    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_job_of_a_pull_request_runs_pulumi_or_reads_an_environment(string file)
    {
        var w = Workflow.Load(file);
        if (!w.Events.Contains("pull_request") && !w.Events.Contains("pull_request_target")) return;

        foreach (var job in w.Jobs.Keys)
        {
            Assert.Empty(w.Environments(job));
            Assert.DoesNotContain("secrets.", Jobs.Serialize(w.Job(job)));
            Assert.DoesNotContain(w.Steps(job), s => Workflow.RunsPulumi(s, "preview", "up", "refresh") || s.Get("uses")?.Str().StartsWith("pulumi/actions@", StringComparison.Ordinal) == true);
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Production_is_changed_only_from_the_environment_with_required_reviewers(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys)
        {
            var changes = w.Steps(job).Any(s => Workflow.RunsPulumi(s, "up", "refresh", "cancel", "destroy") || Workflow.Run(s).Contains(".ci/operation.sh"));
            if (w.Environments(job).Contains("production-preview"))
                Assert.False(changes, $"{file}: job {job} changes production from production-preview, which has no reviewers.");
            if (changes && Jobs.Serialize(w.Job(job)).Contains("production"))
                Assert.Equal(["production"], w.Environments(job));
        }
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void The_pulumi_action_only_installs_the_cli(string file)
    {
        // pulumi/actions v6.6.1 src/main.ts: after any command it reads every stack output with its secrets
        // (stack.outputs()) into step outputs. Without `command` it only installs the CLI (src/config.ts).
        foreach (var (job, step) in Workflow.Load(file).PulumiSteps)
            Assert.True(step.Map("with").Get("command") is null, $"{file}: job {job} runs a Pulumi command through the action.");
    }
}

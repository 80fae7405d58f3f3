using System.Text.RegularExpressions;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 8: the README's "Deploying for real" takes an operator from an empty account to the first
/// `up`, one command per step, and names everything the workflows expect (environments, secrets, variable,
/// CLI version, lock files). What the steps create is what the workflows read: checked here both ways.
/// </summary>
public partial class Bootstrap
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(CiScript.Root, "README.md"));

    private static string Section()
    {
        var start = Readme.IndexOf("\n## Deploying for real\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no section \"Deploying for real\"");
        var end = Readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return Readme[start..end];
    }

    [GeneratedRegex(@"^\d+\. \*\*", RegexOptions.Multiline)]
    private static partial Regex Step();

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [Fact]
    public void Every_step_from_an_empty_account_to_the_first_up_has_its_commands()
    {
        var section = Section();
        var steps = Step().Matches(section).Select(m => m.Index).Append(section.Length).ToList();

        Assert.True(steps.Count > 10, "at least ten steps");
        for (var i = 0; i < steps.Count - 1; i++)
        {
            var step = section[steps[i]..steps[i + 1]];
            Assert.True(ShellBlock().IsMatch(step) || step.Contains("](#"), $"step {i + 1} has no command and points nowhere: {step[..Math.Min(80, step.Length)]}");
        }
        foreach (var needed in new[]
                 {
                     "$(cat .pulumi-version)", "pulumi login 's3://", "pulumi stack init staging --secrets-provider passphrase",
                     "encryptionsalt", "secure: v1:UNSET", "pulumi config set --secret --stack staging", "./platform secrets staging",
                     "gh variable set DEPLOY_RUNNER", "deployRunnerCidrs", "bash .ci/lock-files.sh write", "put-bucket-versioning",
                 })
            Assert.Contains(needed, section);
    }

    [Fact]
    public void Every_environment_and_secret_the_workflows_read_is_created_in_the_steps()
    {
        var section = Section();
        var workflows = string.Join("\n", Workflow.Files.Select(f => Workflow.Load(f).Text));

        var created = Regex.Matches(section, @"environments/([a-z-]+)").Select(m => m.Groups[1].Value)
            .Concat(ForLoops(section, "environment")).ToHashSet();
        Assert.Subset(created, EnvironmentSecrets.EnvironmentNames.ToHashSet());
        var secrets = ForLoops(section, "name").Concat(Regex.Matches(section, @"gh secret set ([A-Z_]+)").Select(m => m.Groups[1].Value)).ToHashSet();
        foreach (Match m in Regex.Matches(workflows, @"secrets\.([A-Z_]+)"))
            Assert.Contains(m.Groups[1].Value, secrets);
        Assert.Contains("vars.DEPLOY_RUNNER", workflows);
    }

    /// <summary>The words a `for VAR in …; do` of the section loops over.</summary>
    private static IEnumerable<string> ForLoops(string section, string variable) =>
        Regex.Matches(section, $@"for {variable} in ([^;]+); do").SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void The_scripts_and_links_the_steps_name_exist()
    {
        var section = Section();

        foreach (Match m in Regex.Matches(section, @"bash (\.ci/[a-z-]+\.sh)"))
            Assert.True(File.Exists(Path.Combine(CiScript.Root, m.Groups[1].Value)), $"{m.Groups[1].Value} does not exist");
        foreach (Match m in Regex.Matches(section, @"\]\(#([a-z0-9-]+)\)"))
        {
            var anchors = Regex.Matches(Readme, @"^#+ (.+)$", RegexOptions.Multiline)
                .Select(h => Regex.Replace(h.Groups[1].Value.ToLowerInvariant().Replace("`", ""), @"[^a-z0-9 -]", "").Replace(' ', '-'));
            Assert.Contains(m.Groups[1].Value, anchors);
        }
    }

    /// <summary>
    /// Review A10: on a rebuilt Vault host the apps', certbot's and the backup timer's credential files are gone, and
    /// `vault-approle-files` runs again only when its inputs change: the runbook replaces it (and the kubeconfig and the
    /// first backups) after the restore and the unseal, and no longer says the files "still work" unconditionally.
    /// </summary>
    [Fact]
    public void The_rebuilt_host_runbook_makes_the_credential_files_again_after_the_restore()
    {
        var start = Readme.IndexOf("**A rebuilt host**", StringComparison.Ordinal);
        var runbook = Readme[start..Readme.IndexOf("### Restore k3s", start, StringComparison.Ordinal)];

        var install = runbook.IndexOf("vault-install", StringComparison.Ordinal);
        var files = runbook.IndexOf("vault-approle-files", StringComparison.Ordinal);
        Assert.True(install >= 0 && files > install, "the credential files are made again after the install, restore and unseal");
        Assert.Contains("after the restore and the unseal", runbook);
        Assert.Contains("k3s-kubeconfig", runbook);
        Assert.Contains("backup-ax42u-hel1-first", runbook);
        Assert.DoesNotContain("the apps' credential files\nstill work", Readme);
        Assert.Contains("when the host kept its\ndisk, the apps' credential files still work", Readme);
    }

    [Fact]
    public void The_cli_version_the_readme_names_is_the_pinned_one()
    {
        var version = File.ReadAllText(Path.Combine(CiScript.Root, ".pulumi-version")).Trim();

        Assert.Contains($"cat .pulumi-version)\"", Section());
        Assert.Contains($"# {version}", Section());
    }
}

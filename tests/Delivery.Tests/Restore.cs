using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 7: restores are locked by NuGet lock files, in CI and in every deploy; an audit advisory
/// never fails a build; the script tests run on GitHub's runner through sudo, and a CI runner that cannot run
/// them fails instead of skipping them.
/// </summary>
public partial class Restore
{
    private static readonly string Root = CiScript.Root;

    private static string Property(string project, string name, params string[] properties) =>
        Properties(project, [name], properties)[name];

    /// <summary>MSBuild's evaluation of properties of a project, with global properties set (they override the props files).</summary>
    private static Dictionary<string, string> Properties(string project, string[] names, params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root };
        foreach (var a in new[] { "msbuild", project, "-nologo" }.Concat(names.Select(n => $"-getProperty:{n}")).Concat(properties.Select(p => $"-p:{p}")))
            start.ArgumentList.Add(a);
        var run = ChildProcess.Run(start, timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return names.Length == 1
            ? new() { [names[0]] = run.Stdout.Trim() }
            : JsonDocument.Parse(run.Stdout).RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    [GeneratedRegex(@"<PackageReference Include=""Pulumi[^""]*""")]
    private static partial Regex PulumiReference();

    [GeneratedRegex(@"<ProjectReference Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    /// <summary>Every project of the repository, and whether it reaches a Pulumi package (directly or through a project).</summary>
    private static Dictionary<string, bool> ProjectsUsingPulumi()
    {
        var projects = Directory.GetFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/") && !p.Contains("/obj/")).ToList();
        bool Uses(string path, HashSet<string> seen) =>
            seen.Add(path) && (PulumiReference().IsMatch(File.ReadAllText(path))
                               || ProjectReference().Matches(File.ReadAllText(path)).Any(m => Uses(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, m.Groups[1].Value)), seen)));
        return projects.ToDictionary(p => Path.GetRelativePath(Root, p), p => Uses(p, []));
    }

    [Fact]
    public void Every_project_has_the_lock_file_of_its_package_sources_and_pulumi_projects_keep_one_per_source()
    {
        foreach (var (project, usesPulumi) in ProjectsUsingPulumi())
        {
            // A global property overrides Directory.Build.props: PulumiFeeds as it is with a local feed, and without one.
            var withFeed = Property(project, "NuGetLockFilePath", "PulumiFeeds=/a/local/feed");
            var nugetOrg = Properties(project, ["NuGetLockFilePath", "RestorePackagesWithLockFile", "RestoreLockedMode"], "PulumiFeeds=", "CI=true");
            Assert.Equal(usesPulumi ? "packages.local-feed.lock.json" : "packages.lock.json", withFeed);
            Assert.Equal("packages.lock.json", nugetOrg["NuGetLockFilePath"]);
            Assert.Equal("true", nugetOrg["RestorePackagesWithLockFile"]);
            Assert.Equal("true", nugetOrg["RestoreLockedMode"]);
        }
    }

    [Fact]
    public void The_lock_files_this_machine_restores_with_are_committed()
    {
        using var ci = new CiScript();

        var run = ci.Run(".ci/lock-files.sh", "check");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("every project of Infra.sln has its lock file (9 projects)", run.Stdout);
    }

    [Fact]
    public void The_two_lock_files_of_a_pulumi_project_pin_the_same_direct_packages()
    {
        static Dictionary<string, string> Direct(string path) =>
            JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("dependencies").EnumerateObject().Single().Value
                .EnumerateObject().Where(p => p.Value.GetProperty("type").GetString() == "Direct")
                .ToDictionary(p => p.Name, p => p.Value.GetProperty("resolved").GetString()!);

        foreach (var project in ProjectsUsingPulumi().Where(p => p.Value).Select(p => Path.GetDirectoryName(Path.Combine(Root, p.Key))!))
        {
            var feed = Path.Combine(project, "packages.local-feed.lock.json");
            Assert.True(File.Exists(feed), $"{feed} is missing");
            var nugetOrg = Path.Combine(project, "packages.lock.json");
            if (File.Exists(nugetOrg)) // written on a machine that reaches nuget.org (README "Restore and lock files")
                Assert.Equal(Direct(nugetOrg).OrderBy(p => p.Key), Direct(feed).OrderBy(p => p.Key));
        }
    }

    /// <summary>
    /// Review B7: a lock file decides the package graph every deploy restores, so it is written by reviewed code:
    /// no workflow a pull request triggers uploads lock files (a fork's job runs its own code and could upload any
    /// graph); lock-files.yml writes them on GitHub's runner from main only, dispatched by hand.
    /// </summary>
    [Fact]
    public void The_nuget_org_lock_files_are_written_from_main_never_taken_from_a_pull_request()
    {
        foreach (var file in Workflow.Files)
        {
            var w = Workflow.Load(file);
            var uploadsLockFiles = w.Jobs.Keys.SelectMany(j => w.StepsUsing(j, "actions/upload-artifact"))
                .Any(s => s.Map("with").Scalar("path")?.Contains("lock.json") == true);
            if (uploadsLockFiles)
                Assert.Equal(["workflow_dispatch"], w.Events);
        }
        var lockFiles = Workflow.Load("lock-files.yml");
        Assert.Equal("github.ref == 'refs/heads/main'", lockFiles.Job("write").Scalar("if"));
        Assert.Contains(lockFiles.Steps("write"), s => Workflow.Run(s).StartsWith("bash .ci/lock-files.sh write", StringComparison.Ordinal));
        Assert.Empty(lockFiles.Environments("write"));
        Assert.DoesNotContain("secrets.", lockFiles.Text);
    }

    [Fact]
    public void An_audit_advisory_stays_a_warning_under_treat_warnings_as_errors()
    {
        var notAsErrors = Property("stacks/Stacks.csproj", "WarningsNotAsErrors").Split(';');

        Assert.Equal("true", Property("stacks/Stacks.csproj", "TreatWarningsAsErrors"));
        Assert.Subset(notAsErrors.ToHashSet(), new HashSet<string> { "NU1901", "NU1902", "NU1903", "NU1904" });
        Assert.Equal("true", Property("stacks/Stacks.csproj", "NuGetAudit"));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_job_that_builds_the_program_checks_its_lock_files_and_restores_locked(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys.Where(j => w.StepsUsing(j, "actions/setup-dotnet").Any()))
        {
            var runs = w.Steps(job).Select(Workflow.Run).ToList();
            var pulumi = w.Steps(job).ToList().FindIndex(s => Workflow.RunsPulumi(s, "up", "preview", "refresh") || Workflow.Run(s).Contains(".ci/operation.sh"));
            if (pulumi < 0) continue;
            var restore = runs.FindIndex(r => r == "bash .ci/lock-files.sh check && dotnet restore infra --locked-mode");
            if (w.Events.Contains("pull_request")) // the preview of a pull request restores through pulumi, locked by CI=true
                continue;
            Assert.True(restore >= 0 && restore < pulumi, $"{file}: job {job} runs pulumi without a locked restore first.");
        }
    }

    [Theory]
    [InlineData("deploy-staging.yml", "test")]
    [InlineData("pull-request.yml", "offline")]
    public void The_tests_run_only_after_the_lock_files_are_checked(string file, string job)
    {
        var runs = Workflow.Load(file).Steps(job).Select(Workflow.Run).ToList();

        Assert.True(runs.IndexOf("bash .ci/lock-files.sh check") is var check and >= 0 && check < runs.IndexOf("bash .ci/test.sh"));
    }

    // --- .ci/test.sh on a CI runner that is not root ---

    /// <summary>
    /// A CI runner whose user is not root, with FAKE `id` and `sudo`, and a FAKE `dotnet` that builds and tests
    /// nothing: were test.sh to go on as the runner's user, it would fail at once instead of running this suite
    /// again (and itself, recursively).
    /// </summary>
    private static CiScript NotRoot(string sudo) => new CiScript()
        .Fake("id", "echo 1001")
        .Fake("sudo", sudo)
        .Fake("dotnet", "exit 97")
        .Env("CI", "true");

    [Fact]
    public void On_a_ci_runner_that_is_neither_root_nor_a_sudoer_the_tests_fail_instead_of_skipping()
    {
        using var ci = NotRoot("exit 1");

        var run = ci.Run(".ci/test.sh");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("0 passed, 1 failed, 0 skipped", run.Stdout.TrimEnd());
        Assert.Contains("runs the script tests as root", run.Stdout);
    }

    [Fact]
    public void On_githubs_runner_the_whole_run_is_done_again_through_sudo_and_the_checkout_handed_back()
    {
        // FAKE sudo: records the call, runs nothing (the nested run would be this very suite), exits 3.
        using var ci = NotRoot("""case "$2" in true | chown) exit 0 ;; esac; exit 3""");

        var run = ci.Run(".ci/test.sh");

        Assert.Equal(3, run.ExitCode); // the nested run's status
        Assert.Equal("sudo -n true", ci.Calls[1]);
        Assert.Matches(@"^sudo -n -E env PATH=\S+ HOME=/root DOTNET_CLI_HOME=/root bash \S+/\.ci/test\.sh$", ci.Calls[2]);
        Assert.Equal("sudo -n chown -R 1001:1001 .", ci.Calls[^1]);
    }
}

using System.Text.Json;
using Platform.Cli;

namespace Platform.Stacks.Tests.Cli;

/// <summary>
/// <c>promote</c>'s guards: a downgrade, or a pre-release reaching production, is shown and refused unless its
/// flag allows it; a stack is never promoted onto itself; pending changes exit 1.
/// </summary>
public class PromoteVerbTests
{
    private const string Api = "platform:cluster.workloads[name=api].image";

    private static string StackFile(string k3s, string image, string vault) => $"""
        config:
          platform:cluster:
            k3sVersion: {k3s} # promotable
            workloads:
              - name: api
                image: {image} # promotable
          platform:vault:
            version: {vault} # promotable
        """;

    /// <summary>A project holding staging and production stack files (promote reads them as text, they need not validate).</summary>
    private static string Project(string staging, string production)
    {
        var dir = Directory.CreateTempSubdirectory("platform-promote-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        File.WriteAllText(Path.Combine(dir, "Pulumi.staging.yaml"), staging);
        File.WriteAllText(Path.Combine(dir, "Pulumi.production.yaml"), production);
        return dir;
    }

    private static (int Exit, string Out, string Err, string Production) Promote(string staging, string production, params string[] flags)
    {
        var dir = Project(staging, production);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = CommandLine.Run(["promote", "staging", "production", .. flags, "--dir", dir], stdout, stderr);
        var after = File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml"));
        Directory.Delete(dir, recursive: true);
        return (exit, stdout.ToString(), stderr.ToString(), after);
    }

    private static readonly string Production = StackFile("v1.31.4+k3s1", "ghcr.io/example/api:1.9.0", "1.18.3");

    [Fact]
    public void A_newer_release_is_written_and_exits_0()
    {
        var (exit, _, err, after) = Promote(StackFile("v1.31.4+k3s2", "ghcr.io/example/api:2.0.0", "1.19.0"), Production, "--write");

        Assert.Equal(0, exit);
        Assert.Contains("image: ghcr.io/example/api:2.0.0 # promotable", after);
        Assert.Contains("k3sVersion: v1.31.4+k3s2", after);
        Assert.Contains("wrote ", err);
    }

    [Fact]
    public void Pending_changes_exit_1_and_change_nothing()
    {
        var (exit, output, err, after) = Promote(StackFile("v1.31.4+k3s1", "ghcr.io/example/api:2.0.0", "1.18.3"), Production);

        Assert.Equal(1, exit);
        Assert.Contains($"  {Api}\n    - ghcr.io/example/api:1.9.0\n    + ghcr.io/example/api:2.0.0", output);
        Assert.Contains("run again with --write", err);
        Assert.Equal(Production, after);
    }

    [Theory]
    [InlineData("ghcr.io/example/api:1.8.9", "1.18.3", "v1.31.4+k3s1")]   // an older image
    [InlineData("ghcr.io/example/api:1.9.0", "1.17.9", "v1.31.4+k3s1")]   // an older Vault
    [InlineData("ghcr.io/example/api:1.9.0", "1.18.3", "v1.30.9+k3s3")]   // an older k3s minor
    [InlineData("ghcr.io/example/api:1.9.0-rc.1", "1.18.3", "v1.31.4+k3s1")] // the release candidate of what production runs
    public void A_downgrade_is_shown_and_refused_unless_allowed(string image, string vault, string k3s)
    {
        var staging = StackFile(k3s, image, vault);

        var (exit, output, err, after) = Promote(staging, Production, "--write", "--allow-prerelease");

        Assert.Equal(1, exit);
        Assert.Contains("[DOWNGRADE", output);
        Assert.Contains("(a downgrade); pass --allow-downgrade", err);
        Assert.Contains("nothing was written", err);
        Assert.Equal(Production, after);

        var allowed = Promote(staging, Production, "--write", "--allow-prerelease", "--allow-downgrade");
        Assert.Equal(0, allowed.Exit);
        Assert.NotEqual(Production, allowed.Production);
    }

    [Fact]
    public void A_pre_release_reaching_production_is_refused_unless_allowed()
    {
        var staging = StackFile("v1.31.4+k3s1", "ghcr.io/example/api:2.0.0-rc.1", "1.18.3");

        var (exit, output, err, after) = Promote(staging, Production, "--write");

        Assert.Equal(1, exit);
        Assert.Contains("[PRE-RELEASE]", output);
        Assert.Contains($"refused: {Api}: ghcr.io/example/api:2.0.0-rc.1 is a pre-release", err);
        Assert.Equal(Production, after);
        Assert.Equal(0, Promote(staging, Production, "--write", "--allow-prerelease").Exit);
    }

    [Theory]
    [InlineData("nginx:1.27.3-alpine", "nginx:1.27.4-alpine")]  // a variant is not a pre-release
    [InlineData("glitchtip/glitchtip:v4.1.3", "glitchtip/glitchtip:v4.2.0")]
    [InlineData("registry:5000/api:1.9.0", "registry:5000/api:1.10.0")] // a registry port is not a tag
    public void Ordinary_releases_pass_the_guards(string now, string next)
    {
        var (exit, output, _, _) = Promote(StackFile("v1.31.4+k3s1", next, "1.18.3"), StackFile("v1.31.4+k3s1", now, "1.18.3"), "--write");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("DOWNGRADE", output);
        Assert.DoesNotContain("PRE-RELEASE", output);
    }

    [Fact]
    public void A_tag_that_names_no_version_is_said_to_be_unordered()
    {
        var (_, output, _, _) = Promote(StackFile("v1.31.4+k3s1", "ghcr.io/example/api:latest", "1.18.3"), Production);

        Assert.Contains("[cannot tell newer from older]", output);
    }

    [Fact]
    public void The_json_report_names_each_change_with_its_guards()
    {
        var (exit, output, _, _) = Promote(StackFile("v1.31.4+k3s1", "ghcr.io/example/api:1.8.0", "1.18.3"), Production, "-o", "json");

        Assert.Equal(1, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("staging", json.GetProperty("fromStack").GetString());
        var change = Assert.Single(json.GetProperty("changes").EnumerateArray());
        Assert.Equal(Api, change.GetProperty("configKey").GetString());
        Assert.True(change.GetProperty("downgrade").GetBoolean());
        Assert.Single(json.GetProperty("refused").EnumerateArray());
    }

    [Fact]
    public void A_stack_is_never_promoted_onto_itself()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = CommandLine.Run(["promote", "staging", "staging", "--dir", Stack.RepoRoot], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("FROM and TO are the same stack", stderr.ToString());
        Assert.Empty(stdout.ToString());
    }

    [Theory]
    [InlineData("1.3.0-rc.1", "1.3.0", -1)]
    [InlineData("1.3.0-rc.2", "1.3.0-rc.10", -1)]
    [InlineData("v1.31.4+k3s1", "v1.31.4+k3s2", -1)]
    [InlineData("1.10.0", "1.9.9", 1)]
    [InlineData("1.27.3-alpine", "1.27.3-alpine", 0)]
    public void Versions_order_as_semver_says(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(ReleaseVersion.Parse(a)!.CompareTo(ReleaseVersion.Parse(b)!)));
}

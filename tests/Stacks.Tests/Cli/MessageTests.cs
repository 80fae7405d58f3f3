using System.Text.RegularExpressions;
using static Platform.Stacks.Tests.Cli.CliRun;

namespace Platform.Stacks.Tests.Cli;

/// <summary>What an operator reads when something is wrong: where, and what to do; never .NET's words.</summary>
public partial class MessageTests
{
    [Fact]
    public void A_tab_in_the_indentation_is_reported_at_its_line_with_the_fix()
    {
        var lines = StackText("staging").Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimStart() == "privateIp: 10.1.0.3");
        lines[at] = "\t" + lines[at].TrimStart();
        var dir = Project(("staging", string.Join('\n', lines)));

        var (exit, _, err) = Run("validate", "staging", "--dir", dir);

        Assert.Equal(2, exit);
        Assert.Contains($"Pulumi.staging.yaml:{at + 1}:1: malformed YAML: a tab in the indentation; YAML indents with spaces only: replace it with spaces.", err);
    }

    [Theory]
    [InlineData("@", "'@' cannot start an unquoted value: quote it, as - name: '@'.")]
    [InlineData("`www`", "'`' cannot start an unquoted value: quote it, as - name: '`www`'.")]
    public void A_value_yaml_reserves_says_to_quote_it(string value, string expected)
    {
        var lines = StackText("staging").Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("- name: staging-www"));
        lines[at] = lines[at].Replace("staging-www", value);
        var dir = Project(("staging", string.Join('\n', lines)));

        var (exit, _, err) = Run("plan", "staging", "--dir", dir);

        Assert.Equal(2, exit);
        Assert.Contains($"Pulumi.staging.yaml:{at + 1}:{lines[at].IndexOf(value[0]) + 1}: malformed YAML: {expected}", err);
    }

    [Fact]
    public void Outside_a_project_it_says_so_and_suggests_dir()
    {
        var outside = Directory.CreateTempSubdirectory("platform-nowhere-").FullName;
        var here = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(outside);
            var (exit, _, err) = Run("plan", "production");

            Assert.Equal(2, exit);
            Assert.Contains($"no Pulumi.yaml in {outside} or any folder above it: run this inside the repository, or name it with --dir PATH.", err);
        }
        finally
        {
            Directory.SetCurrentDirectory(here);
        }
    }

    [Fact]
    public void A_dir_without_pulumi_yaml_is_named()
    {
        var (exit, _, err) = Run("plan", "production", "--dir", Path.GetTempPath());

        Assert.Equal(2, exit);
        Assert.Contains("no Pulumi.yaml there; --dir names the repository's root folder", err);
    }

    [Fact]
    public void An_automatic_ttl_reads_auto_in_the_text_and_markdown_plans()
    {
        var tree = Run("plan", "production", "--dir", Stack.RepoRoot).Out;
        var markdown = Run("plan", "production", "-o", "markdown", "--dir", Stack.RepoRoot).Out;

        Assert.Contains("ttl = auto", tree);
        Assert.DoesNotContain("ttl = 1\n", tree);
        Assert.Contains("ttl = auto", markdown);
        Assert.Contains("\"ttl\": \"1\"", Run("plan", "production", "-o", "json", "--dir", Stack.RepoRoot).Out); // JSON: the provider's value
    }

    /// <summary>Every verb's failure cases, as an operator meets them.</summary>
    public static TheoryData<string[]> FailureCases()
    {
        var broken = Project(("broken", "config:\n  platform:dns: [unclosed\n"), ("tabbed", "config:\n\tplatform:dns: {}\n"), ("list", "- a\n"));
        var invalid = Project(("production", StackText("production").Replace("threshold: 3", "threshold: 9")));
        var file = Path.Combine(broken, "a-file");
        File.WriteAllText(file, "x");
        var export = Path.Combine(broken, "export.json");
        File.WriteAllText(export, "{ not json");
        var data = new TheoryData<string[]>();
        string[][] cases =
        [
            [], ["plna"], ["plan"], ["plan", "prod"], ["plan", "--stack", "production"], ["plan", "production", "-o", "yaml"],
            ["validate", "broken", "--dir", broken], ["validate", "tabbed", "--dir", broken], ["validate", "list", "--dir", broken],
            ["validate", "production", "--dir", invalid], ["plan", "production", "-o", "json", "--dir", invalid],
            ["promote", "staging", "staging"], ["promote", "staging", "nowhere"],
            ["secrets", "../etc"],
            ["adopt", "production"], ["adopt", "production", "--cloudflare", Path.Combine(broken, "missing.json")],
            ["adopt", "production", "--cloudflare", export], ["adopt", "production", "--hcloud", export],
            ["scripts", "production", file], ["scripts", "production", broken],
            ["verify", "production", "--only", "dns", "--nameserver", "127.0.0.1:1", "--timeout", "1"],
            ["verify", "production", "--only", "storage,gateway", "--timeout", "2", .. ClosedPorts()],
            ["verify", "production", "--ssh-key", "/nonexistent"], ["verify", "production", "--nameserver", "no such host!"],
        ];
        foreach (var c in cases)
            data.Add(c.Contains("--dir") ? c : [.. c, "--dir", Stack.RepoRoot]);
        return data;
    }

    /// <summary>Every host the storage and gateway checks reach, sent to a closed port on loopback: never the internet.</summary>
    private static string[] ClosedPorts()
    {
        var targets = Platform.Tests.Loopback.LocalPlatform.TargetsOf(Stack.Production);
        return targets.Buckets.Select(b => new Uri(b.Endpoint).Host).Append(targets.Gateway.Host).Distinct()
            .SelectMany(host => new[] { $"{host}:443:127.0.0.1:1", $"{host}:80:127.0.0.1:1" })
            .SelectMany(rule => new[] { "--connect-to", rule }).ToArray();
    }

    [Theory]
    [MemberData(nameof(FailureCases))]
    public void No_failure_of_any_verb_shows_dotnet_exception_text(string[] args)
    {
        var (exit, output, err) = Run(args);

        Assert.NotEqual(0, exit);
        var text = output + err;
        Assert.DoesNotMatch(DotnetText(), text);
    }

    /// <summary>What only .NET says: exception type names, stack frames, "see inner exception", callback names.</summary>
    [GeneratedRegex(@"Exception\b|\bat [\w.]+\(|inner exception|Callback|System\.[A-Z]|\bnull\b|Object reference")]
    private static partial Regex DotnetText();
}

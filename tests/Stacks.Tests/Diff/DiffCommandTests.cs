using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Platform.Cli;
using Platform.Cli.Diff;
using Platform.Stacks.Plan;
using Platform.Tests.Shared;
using static Platform.Stacks.Tests.Cli.CliRun;
using static Platform.Stacks.Tests.Diff.TestGit;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// `diff STACK --base REF|DIR` as an operator and the pull-request workflow meet it: a folder or a git revision
/// as the base, the three formats, the exit codes (0 no change, 1 changes, 2 cannot run), and no secret in any output.
/// </summary>
public class DiffCommandTests
{
    private static string Production => File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));

    /// <summary>A project folder (Pulumi.yaml and the given stack files).</summary>
    private static string Project(params (string Stack, string Yaml)[] stacks)
    {
        var dir = Directory.CreateTempSubdirectory("platform-diff-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        foreach (var (stack, yaml) in stacks)
            File.WriteAllText(Path.Combine(dir, $"Pulumi.{stack}.yaml"), yaml);
        return dir;
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("markdown")]
    public void A_folder_with_the_same_stack_file_is_no_change_exit_0(string format)
    {
        var @base = Project(("production", Production));

        var (exit, output, _) = Run("diff", "production", "--base", @base, "--dir", Stack.RepoRoot, "-o", format);

        Assert.Equal(0, exit);
        Assert.True(output.Length < 1500, output);
        if (format == "markdown")
        {
            Assert.StartsWith(DiffMarkdown.Marker("production") + "\n", output);
            Assert.Contains("no change", output);
        }
    }

    [Fact]
    public void Changes_exit_1_and_json_is_its_alias()
    {
        var @base = Project(("production", Production.Replace("content: 157.180.13.84", "content: 157.180.13.85")));

        var (exit, output, _) = Run("diff", "production", "--base", @base, "--dir", Stack.RepoRoot, "--json");

        Assert.Equal(1, exit);
        Assert.Contains("\"name\": \"dns-a-apis\"", output);
        Assert.Contains("\"old\": \"157.180.13.85\"", output);
    }

    [Fact]
    public void Without_a_base_it_cannot_run_exit_2()
    {
        var (exit, _, err) = Run("diff", "production", "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Contains("--base", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void A_base_whose_config_has_problems_cannot_be_compared_exit_2_with_every_problem()
    {
        var @base = Project(("production", Production.Replace("vlan: 4010", "vlan: 12")));

        var (exit, _, err) = Run("diff", "production", "--base", @base, "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Contains("the base", err);
        Assert.Contains("platform:hetzner.network.vswitch.vlan", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void An_unknown_stack_on_both_sides_is_the_usual_error()
    {
        var (exit, _, err) = Run("diff", "prod", "--base", Stack.RepoRoot, "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Contains("unknown stack 'prod'", err);
    }

    [Fact]
    public void A_git_revision_is_read_without_touching_the_working_tree_or_the_index()
    {
        var repo = Project(("production", Production));
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", ".");
        Git(repo, "commit", "-q", "-m", "base");
        File.WriteAllText(Path.Combine(repo, "Pulumi.production.yaml"), Production.Replace("serverType: cx22", "serverType: cx32"));
        Git(repo, "commit", "-q", "-am", "resize the oracle bridge");
        // Work in progress: a staged edit and an unstaged one, which the diff reads and must leave as they are.
        File.WriteAllText(Path.Combine(repo, "Pulumi.production.yaml"), Production.Replace("serverType: cx22", "serverType: cx42"));
        Git(repo, "add", "Pulumi.production.yaml");
        File.WriteAllText(Path.Combine(repo, "notes.txt"), "untracked\n");
        var before = RepositoryState(repo);

        var (exit, output, err) = Run("diff", "production", "--base", "HEAD~1", "--dir", repo);

        Assert.Equal(1, exit);
        Assert.Equal("", err);
        Assert.Contains("-   cx22\n+   cx42", output);                 // the base commit against the working tree
        Assert.Contains($"HEAD~1 ({Git(repo, "rev-parse", "HEAD~1").Trim()})", output);
        Assert.Equal(before, RepositoryState(repo));
    }

    /// <summary>The index file byte for byte, the status, the worktrees, the refs and the files of the working tree.</summary>
    private static string RepositoryState(string repo) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(repo, ".git", "index")))) + "\n" +
        Git(repo, "status", "--porcelain=v2") + Git(repo, "worktree", "list", "--porcelain") + Git(repo, "for-each-ref") +
        string.Join("\n", Directory.GetFiles(repo).Order().Select(f => f + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));

    [Fact]
    public void A_stack_the_base_does_not_have_is_all_new()
    {
        var repo = Project(("production", Production));
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", ".");
        Git(repo, "commit", "-q", "-m", "base");
        File.WriteAllText(Path.Combine(repo, "Pulumi.review.yaml"), File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.staging.yaml")));

        var (exit, output, _) = Run("diff", "review", "--base", "main", "--dir", repo, "-o", "json");

        Assert.Equal(1, exit);
        Assert.Contains("the base has no Pulumi.review.yaml", output);
        Assert.DoesNotContain("\"change\": \"update\"", output);
    }

    [Fact]
    public void A_revision_that_does_not_exist_cannot_run_exit_2()
    {
        var repo = Project(("production", Production));
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", ".");
        Git(repo, "commit", "-q", "-m", "base");

        var (exit, _, err) = Run("diff", "production", "--base", "origin/nowhere", "--dir", repo);

        Assert.Equal(2, exit);
        Assert.Contains("neither a folder nor a git revision", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void A_revision_outside_a_repository_cannot_run_exit_2()
    {
        var dir = Project(("production", Production));

        var (exit, _, err) = Run("diff", "production", "--base", "main", "--dir", dir);

        Assert.Equal(2, exit);
        Assert.Contains("not in a git repository", err);
    }

    /// <summary>
    /// Every secure value gets a distinct ciphertext on each side, half of them rotated: every format names the
    /// rotated keys as [secret changed] and never prints a ciphertext, its base64 payload, or the digest diff compares.
    /// </summary>
    [Fact]
    public void No_output_format_contains_a_secret()
    {
        var secrets = new List<string>();
        var n = 0;
        string Encrypt(string yaml, string side) => Regex.Replace(yaml, @"secure: v1:UNSET", _ =>
        {
            var rotated = n++ % 2 == 0;
            var payload = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{(rotated ? side : "same")}-{n}")));
            var ciphertext = $"v1:{payload}";
            secrets.Add(ciphertext);
            return $"secure: {ciphertext}";
        });
        n = 0;
        var head = Project(("production", Encrypt(Production, "head")));
        n = 0;
        var @base = Project(("production", Encrypt(Production.Replace("content: 157.180.13.84", "content: 157.180.13.85"), "base")));
        var forbidden = secrets.Distinct().SelectMany(c => new[] { c, c[3..], TextDigest.Sha256(c) }).ToList();

        foreach (var format in new[] { "text", "json", "markdown" })
        {
            var (exit, output, err) = Run("diff", "production", "--base", @base, "--dir", head, "-o", format);

            Assert.Equal(1, exit);
            Assert.Contains("secret changed", output);
            Assert.Contains("platform:sshPrivateKey", output);
            foreach (var secret in forbidden)
            {
                Assert.DoesNotContain(secret, output);
                Assert.DoesNotContain(secret, err);
            }
        }
        var (_, snapshot, _) = Run("diff", "production", "--snapshot", "--dir", head);
        Assert.All(forbidden, secret => Assert.DoesNotContain(secret, snapshot));
    }
}

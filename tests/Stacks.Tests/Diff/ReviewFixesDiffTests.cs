using System.Diagnostics;
using Platform.Cli;
using Platform.Tests.Shared;
using static Platform.Stacks.Tests.Cli.CliRun;
using static Platform.Stacks.Tests.Diff.TestGit;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// Review A8: a change to the code that turns the plan into resources (components/, infra/, and cli/ once the command
/// line moves there) is what `pulumi up` runs, and no plan diff can show it: every format says so above the fold, and
/// the diff exits 1. Review A13: a base folder without the stack's file cannot run (exit 2, naming the file), and a
/// value given as `--base=VALUE` is never taken for a mistyped option.
/// </summary>
public class ReviewFixesDiffTests
{
    /// <summary>A repository with the stack files and a component file, and a second commit that changes only the component.</summary>
    private static string RepositoryWithAComponentChange(string folder)
    {
        var repo = Directory.CreateTempSubdirectory("platform-diff-components-").FullName;
        File.WriteAllText(Path.Combine(repo, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        File.Copy(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"), Path.Combine(repo, "Pulumi.production.yaml"));
        Directory.CreateDirectory(Path.Combine(repo, folder));
        File.WriteAllText(Path.Combine(repo, folder, "CloudServer.cs"), "// Backups = plan.Backups,\n");
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", ".");
        Git(repo, "commit", "-q", "-m", "base");
        File.WriteAllText(Path.Combine(repo, folder, "CloudServer.cs"), "// Backups = true, KeepDisk = true,\n");
        Git(repo, "commit", "-q", "-am", "a component change the plan cannot see");
        return repo;
    }

    [Theory]
    [InlineData("components/Hetzner", "text", "WARNING: the program's code changed (components/Hetzner/CloudServer.cs)")]
    [InlineData("infra", "markdown", "> [!WARNING]\n> The program's code changed (infra/CloudServer.cs)")]
    [InlineData("cli/Verbs", "json", "\"programCodeChanged\": [\n    \"cli/Verbs/CloudServer.cs\"")]
    public void A_change_to_the_program_code_is_named_above_the_fold_in_every_format_and_exits_1(string folder, string format, string warning)
    {
        var repo = RepositoryWithAComponentChange(folder);

        var (exit, output, error) = Run("diff", "production", "--base", "HEAD~1", "--dir", repo, "-o", format);

        Assert.True(exit == 1, error + output);
        Assert.Contains(warning, output);
        Assert.Contains("cannot show what that code does with the plan", output);
        // Above the fold: before anything else the diff says, right after its title.
        Assert.True(output.IndexOf(warning, StringComparison.Ordinal) < 400, output);
    }

    [Fact]
    public void Without_a_change_to_the_program_code_no_change_is_still_exit_0()
    {
        var repo = RepositoryWithAComponentChange("components/Hetzner");

        var (exit, output, _) = Run("diff", "production", "--base", "HEAD", "--dir", repo);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("WARNING", output);
    }

    [Fact]
    public void A_base_folder_without_the_stacks_file_cannot_run_and_names_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("platform-diff-empty-").FullName;

        var (exit, output, error) = Run("diff", "staging", "--base", folder, "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("the folder has no Pulumi.staging.yaml", error);
    }

    [Theory]
    [InlineData("--base=--help")]
    [InlineData("--base=-o")]
    public void A_value_given_with_equals_is_never_a_mistyped_option(string option)
    {
        var (exit, _, error) = Run("diff", "staging", option, "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.DoesNotContain("unknown option", error);
        Assert.Contains("neither a folder nor a git revision", error);
    }
}

using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// The literal bash of the generated scripts lives in <c>.sh</c> files under <c>stacks/</c> (ScriptFiles): each one
/// passes shellcheck as the file it is, so that a finding names a line of that file; each one is embedded and is part of
/// a script a stack runs, so that no file is edited in vain; and a file's preamble can hold nothing the script would
/// silently lose.
/// </summary>
public class ScriptFilesTests
{
    private static readonly string StacksDir = Path.Combine(Stack.RepoRoot, "stacks");

    /// <summary>Every .sh file in stacks/ (its build output aside), by its path there, '/'-separated.</summary>
    public static IReadOnlyList<string> OnDisk() =>
        [.. Directory.EnumerateFiles(StacksDir, "*.sh", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(StacksDir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Files() => [.. OnDisk()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_script_file_passes_shellcheck_as_the_file_it_is(string path)
    {
        // Run in stacks/ on the file itself: a finding's line number is the file's line number.
        var (exit, output) = ShellcheckTests.Run("shellcheck", "--shell=bash", "--severity=style", Path.Combine(StacksDir, path));
        Assert.True(exit == 0, $"shellcheck on stacks/{path}:\n{output}");
    }

    [Fact]
    public void Every_script_file_is_embedded_and_every_embedded_file_is_one_of_them()
    {
        Assert.NotEmpty(OnDisk());
        Assert.Equal(OnDisk(), ScriptFiles.Paths);
    }

    /// <summary>The text of every script either stack runs or installs (the installed tools are inside their steps' text).</summary>
    private static readonly Lazy<IReadOnlyList<string>> Generated = new(() =>
        [.. new[] { "staging", "production" }.SelectMany(stack => GeneratedScripts.Of(GeneratedScripts.Plan(stack)).Select(s => s.Text))]);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_script_file_is_part_of_a_script_a_stack_runs(string path)
    {
        var body = ScriptFiles.Read(path);
        Assert.True(Generated.Value.Any(text => text.Contains(body, StringComparison.Ordinal)),
            $"stacks/{path} is embedded but no script of staging or production holds it: compose it (ShellScript.Part) or delete it");
    }

    [Fact]
    public void A_script_is_its_header_then_its_parts_verbatim()
    {
        var script = new ShellScript().Set("domain", "it's; $(rm -rf /)").Array("names", ["a b", ""]).Part("Dns/Scripts/register.sh");
        Assert.Equal("domain='it'\"'\"'s; $(rm -rf /)'\nnames=('a b' '')\n" + ScriptFiles.Read("Dns/Scripts/register.sh"), script.Body);
        Assert.StartsWith("#!/usr/bin/env bash\n", ScriptFiles.Source("Dns/Scripts/register.sh"));
        Assert.DoesNotContain("#!/usr/bin/env bash", ScriptFiles.Read("Dns/Scripts/register.sh"));
    }

    [Theory]
    [InlineData("#!/usr/bin/env bash\n# what it is\nset -x\n\necho hi\n", "the preamble holds 'set -x'")]
    [InlineData("#!/usr/bin/env bash\n# what it is\ndeclare -a kinds=(vault k3s)\n\necho hi\n", "the preamble holds 'declare -a kinds=(vault k3s)'")]
    [InlineData("#!/usr/bin/env bash\n# what it is\ndeclare x; systemctl restart vault\n\necho hi\n", "the preamble holds 'declare x; systemctl restart vault'")]
    [InlineData("#!/usr/bin/env bash\n# what it is\ndeclare a \\\n  b\nb=1\n\necho hi\n", "the preamble holds 'b=1'")]
    [InlineData("#!/bin/sh\n# what it is\n\necho hi\n", "starts with #!/usr/bin/env bash")]
    [InlineData("#!/usr/bin/env bash\n# what it is\necho hi\n", "no empty line ends the preamble")]
    [InlineData("#!/usr/bin/env bash\n# what it is\n\necho hi\n\n", "exactly one line end")]
    [InlineData("#!/usr/bin/env bash\r\n# what it is\r\n\r\necho hi\r\n", "carriage returns")]
    public void A_file_whose_preamble_would_hide_code_or_whose_layout_is_off_is_refused(string text, string error)
    {
        var e = Assert.Throws<InvalidDataException>(() => ScriptFiles.Split("X/Scripts/x.sh", text));
        Assert.Contains(error, e.Message);
        Assert.StartsWith("X/Scripts/x.sh", e.Message);
    }

    [Fact]
    public void A_preamble_of_comments_and_declares_is_left_out_of_the_script()
    {
        var (preamble, body) = ScriptFiles.Split("X/Scripts/x.sh", "#!/usr/bin/env bash\n# what it is\ndeclare a \\\n  b\ndeclare -a c\n\necho \"$a\"\n");
        Assert.Equal("#!/usr/bin/env bash\n# what it is\ndeclare a \\\n  b\ndeclare -a c\n", preamble);
        Assert.Equal("echo \"$a\"\n", body);
    }

    [Fact]
    public void The_header_refuses_what_would_break_the_script()
    {
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new ShellScript().Set("a", "1").Set("a", "2")).Message);
        Assert.Contains("not a header variable name", Assert.Throws<ArgumentException>(() => new ShellScript().Set("a;b", "1")).Message);
        Assert.Contains("end its here-document early", Assert.Throws<ArgumentException>(() => new ShellScript().Document("tool", "TOOL", "echo\nTOOL\necho")).Message);
        Assert.Contains("line end", Assert.Throws<ArgumentException>(() => new ShellScript().Comment("a\nrm -rf /")).Message);
        // The prologue's purpose and an installed tool's comments name config values: a line end there is refused too.
        Assert.Contains("line end", Assert.Throws<ArgumentException>(() => new ShellScript().Script("Backups of vault on h\nrm -rf /")).Message);
        Assert.Contains("line end", Assert.Throws<ArgumentException>(() => new ShellScript().Installed("a\rrm -rf /")).Message);
        Assert.Contains("no script file", Assert.Throws<ArgumentException>(() => new ShellScript().Part("Vault/Scripts/missing.sh")).Message);
    }
}

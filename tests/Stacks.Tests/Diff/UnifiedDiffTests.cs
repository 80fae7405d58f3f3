using System.Diagnostics;
using Platform.Cli.Diff;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// The unified diffs `diff` shows of scripts are real unified diffs: GNU patch applies each one to the old text
/// and gets the new text, and a plain change reads exactly as `diff -u` prints it.
/// </summary>
public class UnifiedDiffTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "a\nb\nc\n", "a\nB\nc\n" },
        { "", "new\nfile\n" },
        { "old\nfile\n", "" },
        { "no newline", "no newline\n" },
        { "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nY\n15\n16\n17\n" },
        { "x\ny\n", "y\nx\n" },
        { string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i}\n")), string.Concat(Enumerable.Range(0, 200).Select(i => i % 37 == 0 ? $"changed {i}\n" : $"line {i}\n")) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Patch_applies_it_to_the_old_text_and_gets_the_new(string oldText, string newText)
    {
        var dir = Directory.CreateTempSubdirectory("platform-udiff-").FullName;
        var file = Path.Combine(dir, "script.sh");
        File.WriteAllText(file, oldText);
        var diff = UnifiedDiff.Of(oldText, newText, "a/script.sh", "b/script.sh");

        var info = new ProcessStartInfo("patch") { WorkingDirectory = dir };
        foreach (var a in new[] { "--batch", "--silent", "-p1", "--no-backup-if-mismatch" }) info.ArgumentList.Add(a);
        var result = ChildProcess.Run(info, diff);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr + "\n" + diff);
        Assert.Equal(newText, File.Exists(file) ? File.ReadAllText(file) : "");
    }

    [Fact]
    public void A_plain_change_reads_as_diff_u_prints_it()
    {
        var dir = Directory.CreateTempSubdirectory("platform-udiff-").FullName;
        const string oldText = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        const string newText = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n11\n12\n13\n";
        File.WriteAllText(Path.Combine(dir, "old"), oldText);
        File.WriteAllText(Path.Combine(dir, "new"), newText);
        var info = new ProcessStartInfo("diff") { WorkingDirectory = dir };
        foreach (var a in new[] { "-u", "--label", "a/x", "--label", "b/x", "old", "new" }) info.ArgumentList.Add(a);

        var expected = ChildProcess.Run(info).Stdout;

        Assert.Equal(expected, UnifiedDiff.Of(oldText, newText, "a/x", "b/x"));
    }

    [Fact]
    public void Equal_texts_have_no_diff() => Assert.Equal("", UnifiedDiff.Of("same\n", "same\n", "a", "b"));
}

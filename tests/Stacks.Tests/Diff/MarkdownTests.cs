using System.Text;
using System.Text.RegularExpressions;
using Platform.Cli.Diff;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// The pull-request comment: its marker line, what is above the fold, GitHub's size limit (cut plainly, never
/// silently), and content written by the change's author that cannot break out of its code block.
/// </summary>
public class MarkdownTests
{
    private const string WholeDiff = "dotnet run --project cli -- diff production --base 0123abc";

    private static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);

    private static string Comment(StackDiff d, int limit = DiffMarkdown.Limit) => DiffMarkdown.Write(d, WholeDiff, limit);

    [Fact]
    public void The_first_line_is_the_marker_the_workflow_updates_the_comment_by()
    {
        var d = Pairs.Diff(Stack.Production, Stack.Production.Set($"{Stack.Production.Server("oracle-bridge")}.serverType", "cx32"));

        Assert.Equal("<!-- platform-diff: production -->", Comment(d).Split('\n')[0]);
        Assert.Equal("<!-- platform-diff: production -->", Comment(Pairs.Diff(Stack.Production, Stack.Production)).Split('\n')[0]);
    }

    /// <summary>The comment is updated in place: a diff that went back to nothing must say so, not leave the old one.</summary>
    [Fact]
    public void No_change_is_a_short_comment_saying_so()
    {
        var comment = Comment(Pairs.Diff(Stack.Production, Stack.Production));

        Assert.Contains("no change", comment);
        Assert.DoesNotContain("<details>", comment);
        Assert.True(comment.Length < 600, comment);
    }

    [Fact]
    public void Counts_replacements_protected_ic_records_and_scripts_are_above_the_fold()
    {
        var head = Stack.Production
            .Set("platform:hetzner.location", "fsn1")                  // replacements of protected resources
            .Set($"{Stack.Production.IcDomain("portal")}.name", "portal2")          // IC records
            .Set("platform:cluster.k3sVersion", "v1.31.5+k3s1");       // a script

        var comment = Comment(Pairs.Diff(Stack.Production, head));

        var fold = comment[..comment.IndexOf("<details>", StringComparison.Ordinal)];
        Assert.Matches(@"\| added \| removed \| changed \| replaced \|", fold);
        Assert.Contains("**Replacements**", fold);
        Assert.Contains("`oracle-bridge-server`", fold);
        Assert.Contains("**Protected resources touched**", fold);
        Assert.Contains("will refuse", fold);
        Assert.Contains("**IC records touched**", fold);
        Assert.Contains("`dns-cname-portal2`", fold);
        Assert.Contains("**Scripts and generated texts changed**", fold);
        Assert.Contains("`k3s-install`", fold);
        // and below the fold, each changed input old → new and the script's lines
        Assert.Contains("-   hel1\n+   fsn1", comment);
        Assert.Contains("+version='v1.31.5+k3s1'", comment);
    }

    /// <summary>A diff larger than a comment is cut to fit, and the comment says what it cut and how to get the rest.</summary>
    [Fact]
    public void A_diff_too_large_for_one_comment_says_what_it_cut_and_how_to_get_it()
    {
        var production = File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));
        var many = StackText.WithExtraDnsRecords(production, 1500);
        var d = PlanDiff.Compare("production",
            DiffInputs.Side("base", "production", "base", production, "base"),
            DiffInputs.Side("head", "production", "head", many.Replace("k3sVersion: v1.31.4+k3s1", "k3sVersion: v1.31.5+k3s1"), "head"));
        Assert.True(Bytes(Comment(d, int.MaxValue)) > DiffMarkdown.Limit);

        var comment = Comment(d);

        Assert.True(Bytes(comment) <= DiffMarkdown.Limit, $"{Bytes(comment)} bytes");
        Assert.Contains("This comment is cut to fit GitHub's limit", comment);
        Assert.Contains(WholeDiff, comment);
        Assert.Contains("the input-by-input changes of", comment);
        Assert.Contains($"{d.Count(ChangeKind.Add)} added", comment);       // the counts are never cut
        Assert.Equal(Regex.Count(comment, "<details>"), Regex.Count(comment, "</details>"));
    }

    [Fact]
    public void Script_diffs_go_first_when_space_runs_out()
    {
        var d = Pairs.Diff(Stack.Production, Stack.Production.Set("platform:cluster.k3sVersion", "v1.31.5+k3s1"));
        var full = Comment(d, int.MaxValue);
        var withoutScript = Bytes(full) - Bytes(full[full.IndexOf("<details><summary>Unified diff", StringComparison.Ordinal)..]);

        var comment = Comment(d, withoutScript + 600);

        Assert.Contains("the unified diffs of 1 text (`k3s-install`)", comment);
        Assert.DoesNotContain("<summary>Unified diff", comment);
        Assert.Contains("Every resource change, input by input", comment);
    }

    /// <summary>A value from the change (a DNS comment) with a code fence, a closing tag and a marker stays text inside its block.</summary>
    [Fact]
    public void Content_from_the_change_cannot_break_out_of_its_code_block()
    {
        const string hostile = "``````</details><!-- platform-diff: production -->**bold**";
        var d = Pairs.Diff(Stack.Production, Stack.Production.Set($"{Stack.Production.Record("apis")}.comment", hostile));

        var comment = Comment(d);

        var fence = Regex.Match(comment, @"^(`{3,})diff$", RegexOptions.Multiline).Groups[1].Value;
        Assert.True(fence.Length > 6, $"fence {fence}");
        var block = comment[(comment.IndexOf(fence + "diff", StringComparison.Ordinal) + fence.Length)..];
        Assert.Contains(hostile, block[..block.IndexOf("\n" + fence + "\n", StringComparison.Ordinal)]);
        Assert.Single(Regex.Matches(comment, "^<!-- platform-diff:", RegexOptions.Multiline));
    }

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a``b", "```a``b```")]
    [InlineData("`edge", "`` `edge ``")]
    public void Inline_code_cannot_be_closed_by_its_content(string value, string code) =>
        Assert.Equal(code, DiffMarkdown.Code(value));
}

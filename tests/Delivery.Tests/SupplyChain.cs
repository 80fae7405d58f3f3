using System.Text.RegularExpressions;

namespace Platform.Delivery.Tests;

/// <summary>Every action runs the exact code that was reviewed.</summary>
public partial class SupplyChain
{
    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedToCommit();

    [GeneratedRegex(@"^\s*(?:-\s+)?uses:\s*(?<ref>\S+)\s+#\s+v\d+\.\d+\.\d+\s*$")]
    private static partial Regex UsesLineWithVersionComment();

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_action_is_pinned_to_a_full_commit_sha(string file)
    {
        var workflow = Workflow.Load(file);
        var uses = workflow.Jobs.Keys.SelectMany(workflow.Steps).Select(s => s.Scalar("uses")).OfType<string>().ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches(PinnedToCommit(), u));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_pinned_action_names_its_release_in_a_comment(string file)
    {
        var lines = Workflow.Load(file).Text.Split('\n').Where(l => Regex.IsMatch(l, @"^\s*(-\s+)?uses:")).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(UsesLineWithVersionComment(), l));
    }

    [Fact]
    public void One_action_is_pinned_to_one_commit_everywhere()
    {
        var byAction = Workflow.Files
            .Select(Workflow.Load)
            .SelectMany(w => w.Jobs.Keys.SelectMany(w.Steps).Select(s => s.Scalar("uses")).OfType<string>())
            .Distinct()
            .GroupBy(u => u.Split('@')[0]);

        Assert.All(byAction, g => Assert.Single(g));
    }
}

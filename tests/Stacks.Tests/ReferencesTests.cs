using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Platform.Stacks.Config;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests;

/// <summary>
/// Every reference a comment, a message or a test makes resolves to something a reader of the repository can open:
/// the source documents by their path in docs/sources (and a quoted line is really in the document), the rules by
/// the names stacks/Rules.cs gives them, config entries by their names. Files are the repository's own: tracked, or
/// new and not ignored (<c>git ls-files --cached --others --exclude-standard</c>).
/// </summary>
public sealed partial class ReferencesTests
{
    /// <summary>
    /// What a reader cannot open: the documents' old home beside the repository, the design notes that are not in it,
    /// and a rule by number ("rule 4" meant the network rule in one list and namespaces' quotas in another). The
    /// source documents are kept verbatim, so they are not read; nor is this file, which must spell the patterns.
    /// </summary>
    [Fact]
    public void No_file_cites_what_the_repository_does_not_hold()
    {
        var offenders = Lines(f => !IsSourceDocument(f) && f != ThisFile)
            .Where(l => Unopenable().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Number}: {Unopenable().Match(l.Text).Value}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_cited_source_document_exists_and_holds_the_words_quoted_from_it()
    {
        var citations = Lines(f => !IsSourceDocument(f) && f != ThisFile)
            .SelectMany(l => SourceCitation().Matches(WebUtility.HtmlDecode(l.Text)).Select(m => (Line: l, Match: m)))
            .ToList();

        var broken = citations.Select(c =>
            {
                var path = Path.Combine(Stack.RepoRoot, "docs", "sources", c.Match.Groups["file"].Value);
                if (!File.Exists(path))
                    return $"{c.Line.File}:{c.Line.Number}: docs/sources/{c.Match.Groups["file"].Value} does not exist";
                var quote = c.Match.Groups["quote"];
                return quote.Success && !Normal(File.ReadAllText(path)).Contains(Normal(quote.Value), StringComparison.OrdinalIgnoreCase)
                    ? $"{c.Line.File}:{c.Line.Number}: \"{quote.Value}\" is not in docs/sources/{c.Match.Groups["file"].Value}"
                    : null;
            })
            .OfType<string>().ToList();

        Assert.True(citations.Count > 50, $"only {citations.Count} citations of docs/sources found: is the pattern still right?");
        Assert.Empty(broken);
    }

    [Fact]
    public void Every_rule_cited_by_name_is_a_rule_and_the_readme_lists_them_all()
    {
        var names = Platform.Stacks.Rules.All.Select(r => r.Name).ToHashSet();
        var cited = Lines(f => f != ThisFile).SelectMany(l => RuleCitation().Matches(l.Text).Select(m => (l.File, l.Number, Name: m.Groups["name"].Value))).ToList();
        var readme = File.ReadAllText(Path.Combine(Stack.RepoRoot, "README.md"));
        var start = readme.IndexOf("\n## Rules the plan enforces\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no section \"Rules the plan enforces\"");
        var section = readme[start..];
        section = section[..(section.IndexOf("\n## ", 1, StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];
        var listed = ReadmeRule().Matches(section).Select(m => m.Groups["name"].Value).ToList();

        Assert.Equal(names.Count, Platform.Stacks.Rules.All.Count); // one name, one rule
        Assert.Empty(cited.Where(c => !names.Contains(c.Name)).Select(c => $"{c.File}:{c.Number}: rule {c.Name}"));
        Assert.Equal(Platform.Stacks.Rules.All.Select(r => r.Name), listed);
        Assert.Equal([], names.Where(n => cited.All(c => c.Name != n))); // every rule is cited where it is checked
    }

    /// <summary>
    /// A test that edits or reads "the third record" silently changes meaning when the stack file is reordered, so tests
    /// name entries (<see cref="Stack.Entry"/>, <c>.Single(s => s.Name == "vps-1")</c>). The pattern: a collection the
    /// stack files hold as a list (read from them, so a new list is covered), indexed by a literal number, on a line of
    /// code of a test (<c>platform:dns.records[2].name</c>, <c>.Servers[0]</c>, <c>["servers"]![0]</c>). Not
    /// <c>Split(' ')[0]</c>, <c>Calls[1]</c> or a regex group: those are not config. Where the position itself is
    /// what a test is about (how the reader names keys, the writer addressing one, a message listing every entry), or
    /// the test itself put the entry there, the line says why after <c>// position: </c>.
    /// </summary>
    [Fact]
    public void No_test_addresses_a_config_entry_by_its_position()
    {
        var lists = new[] { StackNames.Staging, StackNames.Production }.SelectMany(s => ListNames(StackFile.Load(Stack.RepoRoot, s))).ToHashSet();
        var alternation = string.Join('|', lists.Select(n => $"[{char.ToLowerInvariant(n[0])}{char.ToUpperInvariant(n[0])}]{Regex.Escape(n[1..])}"));
        var positional = new Regex($@"(?<![\w-])(?:{alternation})(?:""\]!?)?\[\d+\]");

        var offenders = Lines(f => f.StartsWith("tests/", StringComparison.Ordinal) && f.EndsWith(".cs", StringComparison.Ordinal)
                                   && f != ThisFile)
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && !Regex.IsMatch(l.Text, @"// position: \S"))
            .Where(l => positional.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Number}: {positional.Match(l.Text).Value}")
            .ToList();

        Assert.Contains("records", lists);
        Assert.Contains("servers", lists);
        Assert.Empty(offenders);
    }

    private const string ThisFile = "tests/Stacks.Tests/ReferencesTests.cs";

    /// <summary>A source document itself, kept verbatim: its words are the organisation's, not this repository's.</summary>
    private static bool IsSourceDocument(string file) =>
        file.StartsWith("docs/sources/", StringComparison.Ordinal) && file.EndsWith(".txt", StringComparison.Ordinal);

    private static IEnumerable<string> ListNames(StackFile file) =>
        file.Keys.Select(file.Get).OfType<ConfigNode>().SelectMany(Lists);

    private static IEnumerable<string> Lists(ConfigNode node) => node switch
    {
        ListNode l => l.Items.SelectMany(Lists).Prepend(LastSegment(l.Key)),
        MapNode m => m.Entries.SelectMany(e => Lists(e.Value)),
        _ => [],
    };

    private static string LastSegment(string key) => Regex.Match(key, @"([A-Za-z0-9]+)$").Groups[1].Value;

    private static string Normal(string text) => Regex.Replace(text.Replace('\u00a0', ' '), @"\s+", " ").Trim();

    private sealed record Line(string File, int Number, string Text);

    private static IEnumerable<Line> Lines(Func<string, bool> include) =>
        Tracked().Where(include)
            .Select(f => (File: f, Path: Path.Combine(Stack.RepoRoot, f)))
            .Where(f => File.Exists(f.Path) && !IsBinary(f.Path))
            .SelectMany(f => File.ReadLines(f.Path).Select((text, i) => new Line(f.File, i + 1, text)));

    private static bool IsBinary(string path)
    {
        var head = new byte[Math.Min(8000, new FileInfo(path).Length)];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(head);
        return head.Contains((byte)0);
    }

    private static IReadOnlyList<string> Tracked()
    {
        var git = new ProcessStartInfo("git") { WorkingDirectory = Stack.RepoRoot };
        foreach (var arg in new[] { "ls-files", "-z", "--cached", "--others", "--exclude-standard" }) git.ArgumentList.Add(arg);
        var run = ChildProcess.Run(git);
        Assert.True(run.ExitCode == 0, $"git ls-files failed: {run.Stderr}");
        return run.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
    }

    /// <summary>The old home of the documents, the design notes, and a rule by number ("rule 4", "Rules 6, 7 and 8").</summary>
    [GeneratedRegex(@"seeds(/|_0)|\bDESIGN\b|\b[Rr]ules? \d")]
    private static partial Regex Unopenable();

    /// <summary>
    /// <c>docs/sources/FILE</c>, optionally followed by a quoted line (<c>docs/sources/FILE "heading"</c> or
    /// <c>: "words"</c>).
    /// </summary>
    [GeneratedRegex(@"docs/sources/(?<file>[\w.-]+\.txt)(?::? \\?""(?<quote>[^""\\]+)\\?"")?")]
    private static partial Regex SourceCitation();

    /// <summary>
    /// A rule by name: "rule ic-records-dns-only" (a name has at least one hyphen, which prose after "rule" has not).
    /// </summary>
    [GeneratedRegex(@"\b[Rr]ule (?<name>[a-z0-9]+(?:-[a-z0-9]+)+)\b")]
    private static partial Regex RuleCitation();

    [GeneratedRegex(@"^\| `(?<name>[a-z0-9-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRule();
}

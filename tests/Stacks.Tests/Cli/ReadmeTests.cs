using System.Text;
using System.Text.RegularExpressions;
using Platform.Cli;

namespace Platform.Stacks.Tests.Cli;

/// <summary>
/// The README is for an operator who just cloned the repository: every link to a section lands on one, every
/// section the stack files and the program's messages name exists, and every command line of this tool in it
/// parses (through the parser only: nothing runs).
/// </summary>
public partial class ReadmeTests
{
    private static string Text(string path) => File.ReadAllText(Path.Combine(Stack.RepoRoot, path));

    /// <summary>GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Anchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{N} _-]", "").Replace(' ', '-');

    private static IReadOnlyList<string> Headings(string markdown) =>
        Heading().Matches(WithoutCode(markdown)).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>The text outside fenced code blocks (a `# comment` in a shell block is not a heading).</summary>
    private static string WithoutCode(string markdown) =>
        string.Join('\n', markdown.Split('\n').Aggregate((Lines: new List<string>(), Fenced: false), (acc, line) =>
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) return (acc.Lines, !acc.Fenced);
            if (!acc.Fenced) acc.Lines.Add(line);
            return acc;
        }).Lines);

    [Theory]
    [InlineData("README.md")]
    [InlineData("tests/README.md")]
    public void Every_link_to_a_section_lands_on_a_heading(string file)
    {
        var markdown = Text(file);
        var anchors = Headings(markdown).Select(Anchor).ToHashSet();

        var dead = Link().Matches(markdown).Select(m => m.Groups[1].Value).Where(a => !anchors.Contains(a)).ToList();

        Assert.True(anchors.Count > 3, "no headings found");
        Assert.Empty(dead);
    }

    [Fact]
    public void Every_section_the_stack_files_and_the_program_name_exists()
    {
        var headings = Headings(Text("README.md")).Select(h => h.Replace("`", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sources = Directory.GetFiles(Stack.RepoRoot, "Pulumi.*.yaml")
            .Concat(new[] { "stacks", "cli" }.SelectMany(d => Directory.GetFiles(Path.Combine(Stack.RepoRoot, d), "*.cs", SearchOption.AllDirectories)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

        var named = sources.SelectMany(f => Section().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Section: m.Groups[1].Value)))
            .ToList();
        var missing = named.Where(n => !headings.Contains(n.Section.Replace("`", ""))).Select(n => $"{n.File}: README \"{n.Section}\"").Distinct().ToList();

        Assert.NotEmpty(named);
        Assert.Empty(missing);
    }

    /// <summary>Every command line of this tool in the README, as an operator would copy it.</summary>
    public static TheoryData<string> Commands()
    {
        var lines = new List<string>();
        var fenced = false;
        var pending = new StringBuilder();
        foreach (var raw in Text("README.md").Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
            if (fenced)
            {
                var line = StripComment(raw);
                if (line.EndsWith('\\')) { pending.Append(line[..^1]).Append(' '); continue; }
                lines.Add(pending.Append(line).ToString());
                pending.Clear();
            }
            else
                lines.AddRange(InlineCode().Matches(raw).Select(m => m.Groups[1].Value));
        }
        var commands = new List<string>();
        foreach (var line in lines.Select(l => l.Trim()))
            foreach (var prefix in new[] { "./platform ", "dotnet run --project cli -- " })
                // "./platform VERB …" is the notation for any verb, not a command line.
                if (line.StartsWith(prefix, StringComparison.Ordinal) && !line[prefix.Length..].StartsWith("VERB", StringComparison.Ordinal))
                    commands.Add(line[prefix.Length..].Trim());
        // Once each: xUnit skips a repeated row with a warning, and a command the README shows twice needs one check.
        return [.. commands.Distinct(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_line_parses(string command)
    {
        // The README's notation: [optional] parts are typed, … is left out, a|b means either (the first is typed).
        var typed = command.Replace("[", "").Replace("]", "").Replace("…", "");
        var args = Words(typed).Select(w => w.Contains('|') && !w.Contains(' ') ? w.Split('|')[0] : w).ToArray();

        Assert.Empty(CommandLine.Check(args));
    }

    [Fact]
    public void The_readme_has_the_commands_an_operator_needs()
    {
        var verbs = Commands().Cast<object[]>().Select(row => Words((string)row[0])[0]).ToHashSet();

        Assert.Superset(new HashSet<string> { "plan", "validate", "promote", "secrets", "adopt", "scripts", "verify" }, verbs);
    }

    /// <summary>A shell line's words: quotes group, a backslash escapes.</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q) { if (c == q) quote = null; else word.Append(c); continue; }
            if (c is '\'' or '"') { quote = c; inWord = true; continue; }
            if (c == '\\' && i + 1 < line.Length) { word.Append(line[++i]); inWord = true; continue; }
            if (char.IsWhiteSpace(c)) { if (inWord) words.Add(word.ToString()); word.Clear(); inWord = false; continue; }
            word.Append(c);
            inWord = true;
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    private static string StripComment(string line)
    {
        var at = line.IndexOf(" #", StringComparison.Ordinal);
        return (at < 0 ? line : line[..at]).TrimEnd();
    }

    [GeneratedRegex(@"^#{1,6} +(.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\]\(#([^)]+)\)")]
    private static partial Regex Link();

    /// <summary>README "Section" or README, "Section", as comments and messages name one (escaped quotes in C# strings too).</summary>
    [GeneratedRegex(@"README,? \\?""([^""\\]+)\\?""")]
    private static partial Regex Section();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();
}

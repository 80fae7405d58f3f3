using System.Text.RegularExpressions;

namespace Platform.Stacks.Tests;

/// <summary>
/// docs/architecture.md is the maintainer's map: every file or folder it names in code spans must exist, and every type it
/// names with a member (<c>PlanBuilder.Build</c>) must be declared somewhere in the code, so the map cannot silently
/// outlive a move or a rename. Placeholders (<c>&lt;Concern&gt;</c>, <c>*</c>) are patterns, not paths, and are skipped.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    /// <summary>The page without its fenced blocks (the data-flow drawing), whose backticks are not code spans.</summary>
    private static readonly string Doc = Regex.Replace(File.ReadAllText(Path.Combine(Stack.RepoRoot, "docs", "architecture.md")), "```.*?```", "", RegexOptions.Singleline);

    [Fact]
    public void Every_path_the_architecture_page_names_exists()
    {
        var paths = CodeSpans().Matches(Doc).Select(m => m.Groups["span"].Value)
            .Where(s => s.Contains('/') && !s.Contains('<') && !s.Contains('*') && !s.Contains(' ') && !s.Contains('('))
            .Where(s => !char.IsUpper(s[0]) && Regex.IsMatch(s, @"^[\w.-]+(/[\w.-]*)*$"))
            .Distinct().ToList();

        Assert.True(paths.Count >= 15, $"only {paths.Count} paths found in docs/architecture.md: is the pattern still right?");
        var missing = paths.Where(p => !File.Exists(Path.Combine(Stack.RepoRoot, p)) && !Directory.Exists(Path.Combine(Stack.RepoRoot, p))).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_type_the_architecture_page_names_is_declared()
    {
        var code = string.Join("\n", new[] { "stacks", "cli", "components", "infra", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Stack.RepoRoot, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        var types = CodeSpans().Matches(Doc).Select(m => TypeMention().Match(m.Groups["span"].Value))
            .Where(m => m.Success).Select(m => m.Groups["type"].Value).Distinct().ToList();

        Assert.True(types.Count >= 8, $"only {types.Count} types found in docs/architecture.md: is the pattern still right?");
        var undeclared = types.Where(t => !Regex.IsMatch(code, $@"\b(class|record|enum|interface|struct)\s+{t}\b")).ToList();
        Assert.Empty(undeclared);
    }

    [GeneratedRegex(@"`(?<span>[^`]+)`")]
    private static partial Regex CodeSpans();

    /// <summary>
    /// A code span that is a type or a type's member: <c>VaultStepKind</c>, <c>StackSettings.Read</c>,
    /// <c>IComponentPlan.Resources()</c>, <c>new ShellScript().Set(…)</c>; not a namespace (<c>Platform.Stacks</c>) or a
    /// file (<c>Directory.Packages.props</c>), which the path test covers.
    /// </summary>
    [GeneratedRegex(@"^(?:new )?(?!Platform\.)(?<type>[A-Z][A-Za-z0-9]+)(?:\(\))?(?:\.[A-Z][A-Za-z0-9]*(?:\(.*\))?)*(?:\.[A-Z][A-Za-z/]*)?(?:\(.*\))?$")]
    private static partial Regex TypeMention();
}

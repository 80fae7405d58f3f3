using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Platform.Stacks.Tests;

/// <summary>
/// The projects as the README's "Layout" draws them: the model (stacks/) is a library the Pulumi program
/// (components/, infra/) and the command line (cli/) both reference; only the command line carries the packages
/// the program has no use for; and in every project, the tests' included, a file's namespace is its folder's, so that
/// a reader finds a type where its namespace says (tests/Shared, linked into several test projects, is the one
/// folder of no project). tests/Components.Tests checks infra's build output itself.
/// </summary>
public sealed partial class LayoutTests
{
    public static TheoryData<string> Projects() =>
    [
        "stacks/Stacks.csproj", "cli/Cli.csproj", "components/Components.csproj", "infra/Infra.csproj",
        "tests/Stacks.Tests/Stacks.Tests.csproj", "tests/Components.Tests/Components.Tests.csproj", "tests/Delivery.Tests/Delivery.Tests.csproj",
        "tests/Benchmarks/Benchmarks.csproj", "tests/Benchmarks.Pulumi/Benchmarks.Pulumi.csproj",
    ];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_namespace_is_its_folders(string project)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Stack.RepoRoot, project))!;
        var root = Csproj(project).Descendants("RootNamespace").Single().Value;

        var wrong = Sources(folder).Select(file =>
            {
                var relative = Path.GetRelativePath(folder, Path.GetDirectoryName(file)!);
                var expected = relative == "." ? root : $"{root}.{relative.Replace(Path.DirectorySeparatorChar, '.')}";
                var declared = Namespace().Match(File.ReadAllText(file)) is { Success: true } m ? m.Groups[1].Value : null;
                // A file without a namespace is the program's top-level statements, which live at the project's root.
                var fine = declared is null ? Path.GetFileName(file) == "Program.cs" && relative == "." : declared == expected;
                return fine ? null : $"{Path.GetRelativePath(Stack.RepoRoot, file)}: {declared ?? "no namespace"}, expected {expected}";
            })
            .OfType<string>().ToList();

        Assert.NotEmpty(Sources(folder));
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_pulumi_program_references_the_model_never_the_command_line()
    {
        Assert.Equal(["../stacks/Stacks.csproj"], References("components/Components.csproj"));
        Assert.Equal(["../components/Components.csproj", "../stacks/Stacks.csproj"], References("infra/Infra.csproj"));
        Assert.Equal(["../stacks/Stacks.csproj"], References("cli/Cli.csproj"));
    }

    [Fact]
    public void Only_the_command_line_carries_the_command_lines_packages()
    {
        string[] commandLineOnly = ["System.CommandLine", "DnsClient"];

        Assert.DoesNotContain(Packages("stacks/Stacks.csproj"), commandLineOnly.Contains);
        Assert.Equal(commandLineOnly.Order(), Packages("cli/Cli.csproj").Where(commandLineOnly.Contains).Order());
        Assert.Empty(Csproj("stacks/Stacks.csproj").Descendants("OutputType")); // a library: nothing runs it by itself
        Assert.Equal("platform", Csproj("cli/Cli.csproj").Descendants("AssemblyName").Single().Value); // ./platform's program
    }

    private static XDocument Csproj(string project) => XDocument.Load(Path.Combine(Stack.RepoRoot, project));

    private static List<string> References(string project) =>
        [.. Csproj(project).Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value.Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static List<string> Packages(string project) =>
        [.. Csproj(project).Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value)];

    private static List<string> Sources(string folder) =>
        [.. Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))];

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}

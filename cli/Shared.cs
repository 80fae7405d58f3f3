using System.CommandLine;
using Platform.Stacks;
using Platform.Stacks.Adoption;
using Platform.Stacks.Config;

namespace Platform.Cli;

/// <summary>What several verbs share: the project folder option, the STACK argument, loading and reporting a stack.</summary>
public static class Shared
{
    /// <summary>Every verb takes it (recursive), before or after the verb.</summary>
    public static readonly Option<string?> ProjectDir = new("--dir")
    {
        Description = "folder with Pulumi.yaml (default: found from the current folder up)",
        HelpName = "DIR",
        Recursive = true,
    };

    public static Argument<string> Stack(string name = "STACK", string description = "the stack: Pulumi.<STACK>.yaml") =>
        new(name) { Description = description };

    /// <summary>
    /// The project folder: <c>--dir</c>, or the nearest folder up from here holding Pulumi.yaml (so the command
    /// works from any subfolder). Outside a project it says so, rather than looking for stack files where none can be.
    /// </summary>
    public static string Dir(ParseResult r)
    {
        if (r.GetValue(ProjectDir) is { } given)
            return File.Exists(Path.Combine(given, "Pulumi.yaml"))
                ? given
                : throw new ConfigException($"--dir {given}: no Pulumi.yaml there; --dir names the repository's root folder (where Pulumi.yaml and Pulumi.<stack>.yaml are).");
        var here = Directory.GetCurrentDirectory();
        return FindProject(here) ?? throw new ConfigException(
            $"no Pulumi.yaml in {here} or any folder above it: run this inside the repository, or name it with --dir PATH.");
    }

    /// <summary>The stacks of the project, for suggestions; none when there is no project.</summary>
    public static IReadOnlyList<string> KnownStacks(ParseResult r)
    {
        try { return StackFile.Known(Dir(r)); }
        catch (ConfigException) { return []; }
    }

    public static TextWriter Out(ParseResult r) => r.InvocationConfiguration.Output;
    public static TextWriter Err(ParseResult r) => r.InvocationConfiguration.Error;

    /// <summary>Reads and validates a stack; unreadable input throws (exit 2), problems are returned.</summary>
    public static (StackSettings Settings, IReadOnlyList<Problem> Problems) Load(ParseResult r, Argument<string> stack) =>
        Validation.Load(StackFile.Load(Dir(r), r.GetRequiredValue(stack)));

    /// <summary>
    /// A stack whose config has problems, in the verb's format: text on stderr (the report a verb would have
    /// written is not there), JSON and Markdown on stdout for the machine or the comment that asked for them. Exit 1.
    /// </summary>
    public static int Report(ParseResult r, OutputFormat format, string verb, string stack, IReadOnlyList<Problem> problems)
    {
        switch (format)
        {
            case OutputFormat.Json: Out(r).Write(JsonOutput.Problems(verb, stack, problems)); return CommandLine.Problems;
            case OutputFormat.Markdown: Out(r).Write(Markdown.Problems(stack, problems)); return CommandLine.Problems;
            default: return Report(stack, problems, Err(r));
        }
    }

    public static int Report(string stack, IReadOnlyList<Problem> problems, TextWriter stderr)
    {
        stderr.WriteLine($"{stack}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was planned:");
        foreach (var p in problems)
            stderr.WriteLine($"  - {p}");
        return CommandLine.Problems;
    }

    /// <summary>Things to do before the first deployment that are not errors (see <see cref="PendingAdoption"/>): one line per kind, the list with verbose.</summary>
    public static void Notices(StackSettings settings, TextWriter stderr, bool verbose = false)
    {
        foreach (var line in Platform.Stacks.Adoption.Notices.Lines(settings.Stack, PendingAdoption.Notices(settings), verbose))
            stderr.WriteLine(line);
    }

    /// <summary>`--verbose`: every notice, not only one line per kind.</summary>
    public static Option<bool> Verbose() => new("--verbose") { Description = "list every notice, not only one line per kind" };

    /// <summary>The nearest folder up from here that holds Pulumi.yaml (so the command works from any subfolder).</summary>
    private static string? FindProject(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        return null;
    }
}

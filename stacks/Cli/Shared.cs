using System.CommandLine;
using Platform.Stacks.Config;

namespace Platform.Stacks.Cli;

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

    public static string Dir(ParseResult r) => r.GetValue(ProjectDir) ?? FindProject(Directory.GetCurrentDirectory());

    public static TextWriter Out(ParseResult r) => r.InvocationConfiguration.Output;
    public static TextWriter Err(ParseResult r) => r.InvocationConfiguration.Error;

    /// <summary>Reads and validates a stack; unreadable input throws (exit 2), problems are returned.</summary>
    public static (StackSettings Settings, IReadOnlyList<Problem> Problems) Load(ParseResult r, Argument<string> stack) =>
        Validation.Load(StackFile.Load(Dir(r), r.GetRequiredValue(stack)));

    public static int Report(string stack, IReadOnlyList<Problem> problems, TextWriter stderr)
    {
        stderr.WriteLine($"{stack}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was planned:");
        foreach (var p in problems)
            stderr.WriteLine($"  - {p}");
        return CommandLine.Problems;
    }

    /// <summary>Things to do before the first deployment that are not errors (see <see cref="Adoption"/>): one line per kind, the list with verbose.</summary>
    public static void Notices(StackSettings settings, TextWriter stderr, bool verbose = false)
    {
        foreach (var line in Stacks.Notices.Lines(settings.Stack, Adoption.Pending(settings), verbose))
            stderr.WriteLine(line);
    }

    /// <summary>`--verbose`: every notice, not only one line per kind.</summary>
    public static Option<bool> Verbose() => new("--verbose") { Description = "list every notice, not only one line per kind" };

    /// <summary>The nearest folder up from here that holds Pulumi.yaml (so the command works from any subfolder).</summary>
    private static string FindProject(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        return start;
    }
}

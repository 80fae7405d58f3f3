namespace Platform.Stacks.Cli;

/// <summary>The few options the command line has, parsed by hand: the grammar is too small for a framework.</summary>
public sealed record Options(string Command, IReadOnlyList<string> Arguments, IReadOnlySet<string> Flags, string ProjectDir)
{
    private static readonly string[] KnownFlags = ["--json", "--mermaid", "--write"];

    public static Options Parse(string[] args)
    {
        if (args.Length == 0)
            throw new UsageException("no command given.");
        var positional = new List<string>();
        var flags = new HashSet<string>();
        string? dir = null;
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--dir")
                dir = i + 1 < args.Length ? args[++i] : throw new UsageException("--dir needs a folder.");
            else if (a.StartsWith("--", StringComparison.Ordinal))
                flags.Add(KnownFlags.Contains(a) ? a : throw new UsageException($"unknown option '{a}'."));
            else
                positional.Add(a);
        }
        if (flags.Contains("--json") && flags.Contains("--mermaid"))
            throw new UsageException("choose one of --json and --mermaid.");
        return new Options(args[0], positional, flags, dir ?? FindProject(Directory.GetCurrentDirectory()));
    }

    public string Positional(int index, string name) =>
        index < Arguments.Count ? Arguments[index] : throw new UsageException($"missing {name}.");

    public bool Has(string flag) => Flags.Contains(flag);

    /// <summary>The nearest folder up from here that holds Pulumi.yaml (so the command works from any subfolder).</summary>
    internal static string FindProject(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        return start;
    }
}

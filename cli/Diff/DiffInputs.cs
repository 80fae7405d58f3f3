using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>The two sides of <c>diff STACK --base REF|DIR</c>, and how to get the whole diff again.</summary>
public sealed record DiffInputs(DiffSide Base, DiffSide Head, IReadOnlyList<string> Notes, string WholeDiff, IReadOnlyList<string>? ProgramCodeChanged = null)
{
    public const string HeadLabel = "the working tree";

    /// <summary>
    /// The code the plan comes from, relative to the project folder: when the base's differs from the working
    /// tree's, the base is planned by its own code (<see cref="BaseBuild"/>), or the diff would hide what the code
    /// change does to scripts and resources. The model (stacks/) is that code; the command line (cli/) only renders
    /// and compares plans, so a change to it alone plans both sides with this program. A base from before the two
    /// projects has its command line in stacks/ too: that folder differs, and the base is built.
    /// </summary>
    public static readonly string[] PlanCode = ["stacks", "Directory.Build.props", "Directory.Packages.props", "global.json"];

    /// <summary>
    /// The code that turns the plan into resources (and the command line once it leaves stacks/): what <c>pulumi up</c>
    /// runs, which no plan diff shows (an input the plan does not hold, a resource option). A change to it is named
    /// above the fold of every format, and the diff exits 1.
    /// </summary>
    public static readonly string[] ProgramCode = ["components", "infra", "cli"];

    /// <summary>
    /// A folder <paramref name="baseArg"/> holds the base's stack files, planned by this program's code; anything
    /// else is a git revision of the project's repository, read without touching the working tree or the index.
    /// </summary>
    public static DiffInputs Load(string projectDir, string stack, string baseArg)
    {
        if (!StackNames.IsValid(stack))
            throw new ConfigException($"'{stack}' is not a stack name: use letters, digits, '-' or '_' (for example: staging, production).");
        var fileName = $"Pulumi.{stack}.yaml";
        var headPath = Path.Combine(projectDir, fileName);
        var headText = File.Exists(headPath) ? File.ReadAllText(headPath) : null;
        var notes = new List<string>();

        string label, wholeDiff;
        string? baseText;
        DiffSide? plannedBase = null;
        IReadOnlyList<string> programCode = [];
        if (Directory.Exists(baseArg))
        {
            var basePath = Path.Combine(baseArg, fileName);
            baseText = File.Exists(basePath) ? File.ReadAllText(basePath) : null;
            label = $"{baseArg} (a folder, planned by this program's code)";
            wholeDiff = $"./platform diff {stack} --base {baseArg}";
            if (baseText is null && headText is null) StackFile.Load(projectDir, stack); // the "unknown stack" error, with the known ones
            // A folder is given to hold the base's stack file: one without it is a mistyped folder, not a new stack.
            if (baseText is null)
                throw new ConfigException($"--base {baseArg}: the folder has no {fileName}. Give the folder that holds the base's {fileName}, " +
                                          "or a git revision (main, origin/main, a commit) to compare with.");
        }
        else
        {
            var revision = GitRevision.Resolve(projectDir, baseArg);
            label = $"{baseArg} ({revision.Commit})";
            wholeDiff = $"./platform diff {stack} --base {revision.Commit}";
            baseText = revision.Read(fileName);
            if (baseText is null && headText is null) StackFile.Load(projectDir, stack);
            programCode = revision.ChangedSince(ProgramCode);
            var changedCode = revision.ChangedSince(PlanCode);
            if (changedCode.Count > 0 && baseText is not null)
            {
                notes.Add($"the program's code differs from {baseArg}'s ({string.Join(", ", changedCode.Take(5))}{(changedCode.Count > 5 ? $" and {changedCode.Count - 5} more" : "")}): " +
                          "the base was planned by its own code, built from that revision.");
                var (resources, texts) = BaseBuild.Snapshot(revision, stack);
                plannedBase = new DiffSide(label, true, resources, texts, StackFile.Parse(stack, $"{baseArg}:{fileName}", baseText).SecureDigests);
            }
        }

        if (baseText is null) notes.Add($"the base has no {fileName}: every resource of the working tree's is new.");
        if (headText is null) notes.Add($"the working tree has no {fileName}: every resource of the base's would be deleted.");
        var head = Side(HeadLabel, stack, headPath, headText, "the working tree");
        var @base = plannedBase ?? Side(label, stack, $"{baseArg}:{fileName}", baseText, $"the base ({baseArg})");
        return new DiffInputs(@base, head, notes, wholeDiff, programCode);
    }

    /// <summary>A side planned by this program's code from its stack file's text (none: a side without the stack).</summary>
    public static DiffSide Side(string label, string stack, string path, string? text, string where)
    {
        if (text is null) return DiffSide.Missing(label);
        var file = StackFile.Parse(stack, path, text);
        var (settings, problems) = Validation.Load(file);
        if (problems.Count > 0)
            throw new ConfigException($"{where}: {stack} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}, so it has no plan to compare:\n" +
                                      string.Join("\n", problems.Select(p => $"  - {p}")));
        return DiffSide.Of(label, PlanBuilder.Build(settings), file.SecureDigests);
    }
}

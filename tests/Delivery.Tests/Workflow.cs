using YamlDotNet.RepresentationModel;

namespace Platform.Delivery.Tests;

/// <summary>
/// One workflow file of .github/workflows, parsed with YamlDotNet's representation model (where the
/// `on:` key is the plain string "on", not a boolean), with the few look-ups the rules need.
/// </summary>
public sealed class Workflow
{
    public static readonly string Folder = Path.Combine(RepositoryRoot(), ".github", "workflows");

    /// <summary>The file name of every workflow of the repository.</summary>
    public static IReadOnlyList<string> Files =>
        Directory.GetFiles(Folder).Where(p => p.EndsWith(".yml") || p.EndsWith(".yaml")).Select(Path.GetFileName).OfType<string>().Order().ToList();

    /// <summary>Every workflow file, for theories that hold for all of them.</summary>
    public static TheoryData<string> All => new(Files);

    public static Workflow Load(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new Workflow(fileName, text, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    private Workflow(string fileName, string text, YamlMappingNode root) => (FileName, Text, Root) = (fileName, text, root);

    public string FileName { get; }
    public string Text { get; }
    public YamlMappingNode Root { get; }

    public YamlMappingNode On => Root.Map("on");

    public IReadOnlyDictionary<string, YamlMappingNode> Jobs =>
        Root.Map("jobs").Children.ToDictionary(kv => kv.Key.Str(), kv => (YamlMappingNode)kv.Value);

    public YamlMappingNode Job(string id) => Jobs.TryGetValue(id, out var job)
        ? job
        : throw new Xunit.Sdk.XunitException($"{FileName} has no job '{id}' (jobs: {string.Join(", ", Jobs.Keys)}).");

    public IReadOnlyList<YamlMappingNode> Steps(string jobId) =>
        Job(jobId).Seq("steps").Cast<YamlMappingNode>().ToList();

    /// <summary>The job ids a job waits for (`needs:` as a scalar or a list).</summary>
    public IReadOnlyList<string> Needs(string jobId) => Job(jobId).Get("needs") switch
    {
        null => [],
        YamlScalarNode one => [one.Str()],
        YamlSequenceNode many => many.Select(n => n.Str()).ToList(),
        var other => throw new Xunit.Sdk.XunitException($"{FileName}: needs of {jobId} is {other.NodeType}."),
    };

    /// <summary>Every job a job waits for, directly or through other jobs.</summary>
    public ISet<string> NeedsTransitively(string jobId)
    {
        var seen = new HashSet<string>();
        var todo = new Stack<string>(Needs(jobId));
        while (todo.TryPop(out var next))
            if (seen.Add(next))
                foreach (var n in Needs(next))
                    todo.Push(n);
        return seen;
    }

    /// <summary>The steps of a job that use an action whose name starts with <paramref name="action"/>.</summary>
    public IEnumerable<YamlMappingNode> StepsUsing(string jobId, string action) =>
        Steps(jobId).Where(s => s.Get("uses")?.Str().StartsWith(action + "@", StringComparison.Ordinal) == true);

    /// <summary>(job id, step) for every `pulumi/actions` step of the workflow.</summary>
    public IEnumerable<(string Job, YamlMappingNode Step)> PulumiSteps =>
        Jobs.Keys.SelectMany(id => StepsUsing(id, "pulumi/actions").Select(s => (id, s)));

    /// <summary>The event names that trigger the workflow.</summary>
    public IReadOnlyList<string> Events => On.Children.Keys.Select(k => k.Str()).ToList();

    /// <summary>The script of a step (`run:`), or "".</summary>
    public static string Run(YamlMappingNode step) => step.Scalar("run") ?? "";

    /// <summary>(job id, step) for every `run` step whose script calls the Pulumi CLI with <paramref name="verb"/> (`up`, `preview`, …).</summary>
    public IEnumerable<(string Job, YamlMappingNode Step)> PulumiCli(string verb) =>
        Jobs.Keys.SelectMany(id => Steps(id).Where(s => System.Text.RegularExpressions.Regex.IsMatch(Run(s), $@"(?m)^\s*pulumi {verb}\b")).Select(s => (id, s)));

    /// <summary>
    /// The environment names a job may run in: its `environment:` (a name, or `name:`), with `${{ matrix.X }}`
    /// resolved over the matrix's `include` entries and `${{ inputs.X }}` over a choice input's options.
    /// </summary>
    public IReadOnlyList<string> Environments(string jobId)
    {
        var job = Job(jobId);
        var value = job.Get("environment") switch
        {
            null => null,
            YamlScalarNode s => s.Value,
            YamlMappingNode m => m.Scalar("name"),
            _ => null,
        };
        if (value is null) return [];
        var matrix = System.Text.RegularExpressions.Regex.Match(value, @"^\$\{\{ matrix\.([\w-]+) \}\}$");
        if (matrix.Success)
            return ((YamlMappingNode)job.Map("strategy").Map("matrix")).Seq("include").Cast<YamlMappingNode>()
                .Select(i => i.Scalar(matrix.Groups[1].Value)!).ToList();
        var input = System.Text.RegularExpressions.Regex.Match(value, @"^\$\{\{ inputs\.([\w-]+) \}\}$");
        if (input.Success)
            return On.Map("workflow_dispatch").Map("inputs").Map(input.Groups[1].Value).Seq("options").Select(o => o.Str()).ToList();
        return [value];
    }

    /// <summary>
    /// Whether a step runs one of the Pulumi <paramref name="verbs"/>: as a CLI call at the start of a line of its
    /// script, or through pulumi/actions' `command` input (as the workflows before issue 15 did).
    /// </summary>
    public static bool RunsPulumi(YamlMappingNode step, params string[] verbs) =>
        System.Text.RegularExpressions.Regex.IsMatch(Run(step), $@"(?m)^\s*pulumi ({string.Join('|', verbs)})\b")
        || (step.Get("uses")?.Str().StartsWith("pulumi/actions@", StringComparison.Ordinal) == true
            && verbs.Contains((step.Get("with") as YamlMappingNode)?.Scalar("command")));

    /// <summary>
    /// The runner a job asks for: `runs-on` as one scalar, or as a group and labels, written `{group: G, labels: L}`.
    /// </summary>
    public string RunsOn(string jobId) => Job(jobId).Get("runs-on") switch
    {
        YamlScalarNode one => one.Value ?? "",
        YamlMappingNode m => $"{{group: {m.Scalar("group")}, labels: {m.Scalar("labels")}}}",
        _ => "",
    };

    public override string ToString() => FileName;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")) && Directory.Exists(Path.Combine(dir.FullName, ".github")))
                return dir.FullName;
        throw new InvalidOperationException($"no repository root (Infra.sln + .github/) above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Short look-ups on YamlDotNet nodes.</summary>
public static class Yaml
{
    public static YamlNode? Get(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlMappingNode map, string key) =>
        map.Get(key) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing or is not a mapping.");

    public static YamlSequenceNode Seq(this YamlMappingNode map, string key) =>
        map.Get(key) as YamlSequenceNode ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing or is not a list.");

    /// <summary>The scalar under <paramref name="key"/>, or null when there is none.</summary>
    public static string? Scalar(this YamlMappingNode map, string key) => (map.Get(key) as YamlScalarNode)?.Value;

    public static string Str(this YamlNode node) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw new Xunit.Sdk.XunitException($"expected a scalar, got {node.NodeType} at {node.Start}.");
}

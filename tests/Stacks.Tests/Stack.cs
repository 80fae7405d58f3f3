using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests;

/// <summary>
/// The one test helper: the real stack files, editable by config key, so each test states the single
/// change it makes (<c>Stack.Production.Set("platform:dns.icDomains[1].proxied", "true")</c>).
/// </summary>
public sealed class Stack : IConfigSource
{
    private readonly Dictionary<string, ConfigNode> _values;

    private Stack(string name, Dictionary<string, ConfigNode> values)
    {
        StackName = name;
        _values = values;
    }

    public static string RepoRoot { get; } = FindRoot();
    public static Stack Production => Load(StackNames.Production);
    public static Stack Staging => Load(StackNames.Staging);

    public static Stack Load(string name)
    {
        var file = StackFile.Load(RepoRoot, name);
        return new Stack(name, file.Keys.ToDictionary(k => k, k => file.Get(k)!));
    }

    public string StackName { get; }
    public IEnumerable<string> Keys => _values.Keys;
    public ConfigNode? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>The repository: the other stack files there are this stack's neighbours in the zone, as in a real project.</summary>
    public string? ProjectDir => RepoRoot;

    /// <summary>The same stack under another name (a copy of production: its safeguards come with its config).</summary>
    public Stack As(string name) => new(name, new Dictionary<string, ConfigNode>(_values));

    /// <summary>Sets a scalar at a full key, creating the last mapping entry when missing.</summary>
    public Stack Set(string key, string value) => Edit(key, _ => new ScalarNode(key, value));

    public Stack SetSecret(string key) => Edit(key, _ => new SecretNode(key));

    /// <summary>Replaces the value at a key with a list of scalars.</summary>
    public Stack SetList(string key, params string[] values) =>
        Edit(key, _ => new ListNode(key, values.Select((v, i) => (ConfigNode)new ScalarNode($"{key}[{i}]", v)).ToList()));

    public Stack Remove(string key) => Edit(key, _ => null);

    public IReadOnlyList<Problem> Problems() => Validation.Load(this).Problems;

    public IReadOnlyList<string> ProblemKeys() => Problems().Select(p => p.Key).ToList();

    public StackPlan Plan()
    {
        var (settings, problems) = Validation.Load(this);
        Assert.Empty(problems);
        return PlanBuilder.Build(settings);
    }

    private Stack Edit(string key, Func<ConfigNode?, ConfigNode?> change)
    {
        var (top, path) = Split(key);
        var values = new Dictionary<string, ConfigNode>(_values);
        var updated = Replace(values.GetValueOrDefault(top), top, path, 0, change);
        if (updated is null) values.Remove(top); else values[top] = updated;
        return new Stack(StackName, values);
    }

    private static ConfigNode? Replace(ConfigNode? node, string key, IReadOnlyList<string> path, int at, Func<ConfigNode?, ConfigNode?> change)
    {
        if (at == path.Count) return change(node);
        var segment = path[at];
        if (int.TryParse(segment, out var index))
        {
            var list = node as ListNode ?? throw new ArgumentException($"{key} is not a list");
            var items = list.Items.ToList();
            var child = Replace(index < items.Count ? items[index] : null, $"{key}[{index}]", path, at + 1, change);
            if (index == items.Count) { if (child is not null) items.Add(child); }
            else if (child is null) items.RemoveAt(index);
            else items[index] = child;
            return list with { Items = items };
        }
        var map = node as MapNode ?? new MapNode(key, []);
        var entries = map.Entries.ToList();
        var position = entries.FindIndex(e => e.Key == segment);
        var replaced = Replace(position >= 0 ? entries[position].Value : null, $"{key}.{segment}", path, at + 1, change);
        if (position >= 0 && replaced is null) entries.RemoveAt(position);
        else if (position >= 0) entries[position] = new(segment, replaced!);
        else if (replaced is not null) entries.Add(new(segment, replaced));
        return map with { Entries = entries };
    }

    /// <summary>"platform:dns.records[3].proxied" → ("platform:dns", [records, 3, proxied]).</summary>
    private static (string Top, IReadOnlyList<string> Path) Split(string key)
    {
        var dot = key.IndexOf('.', key.IndexOf(':') + 1);
        var top = dot < 0 ? key : key[..dot];
        var rest = dot < 0 ? "" : key[(dot + 1)..];
        var path = rest.Replace("[", ".").Replace("]", "").Split('.', StringSplitOptions.RemoveEmptyEntries);
        return (top, path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        throw new InvalidOperationException("Pulumi.yaml not found above the test binaries.");
    }
}

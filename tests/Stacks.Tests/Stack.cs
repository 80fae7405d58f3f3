using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests;

/// <summary>
/// The one test helper: the real stack files, editable by config key, so each test states the single
/// change it makes (<c>Stack.Production.Set($"{Stack.Production.Entry("platform:dns.icDomains", "www")}.proxied", "true")</c>).
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

    /// <summary>
    /// The key of the entry of a config list that <paramref name="id"/> names: its <c>name</c> (a route its
    /// <c>path</c>, a role binding its <c>user</c>), or its value in a list of scalars.
    /// <c>Entry("platform:hetzner.servers", "oracle-bridge")</c> is <c>platform:hetzner.servers[0]</c> today and
    /// follows the server wherever the stack file moves it, so a test says which entry it edits and keeps meaning it
    /// (tests/Stacks.Tests/ReferencesTests.cs refuses literal positions).
    /// </summary>
    public string Entry(string list, string id)
    {
        var items = List(list);
        var matches = items.Where(i => Id(i) == id).ToList();
        return matches.Count == 1
            ? matches[0].Key
            : throw new ArgumentException($"{matches.Count} entries of {list} are named '{id}'; its entries: {string.Join(", ", items.Select(Id))}");
    }

    public string Server(string name) => Entry("platform:hetzner.servers", name);
    public string SshKey(string name) => Entry("platform:hetzner.sshKeys", name);
    public string AdminCidr(string range) => Entry("platform:hetzner.adminCidrs", range);
    public string DeployRunnerCidr(string range) => Entry("platform:hetzner.deployRunnerCidrs", range);
    public string Record(string name) => Entry("platform:dns.records", name);
    public string IcDomain(string name) => Entry("platform:dns.icDomains", name);
    public string Namespace(string name) => Entry("platform:cluster.namespaces", name);
    public string Workload(string name) => Entry("platform:cluster.workloads", name);
    public string GeneratedSecret(string name) => Entry("platform:cluster.generatedSecrets", name);
    public string Route(string path) => Entry("platform:gateway.routes", path);
    public string Shim(string name) => Entry("platform:gateway.shims", name);
    public string R2Bucket(string name) => Entry("platform:storage.r2Buckets", name);
    public string HetznerBucket(string name) => Entry("platform:storage.hetznerBuckets", name);
    public string VaultApp(string name) => Entry("platform:vault.apps", name);

    /// <summary>
    /// The key a new entry appended to a config list takes (<c>platform:dns.records[2]</c> after production's two).
    /// </summary>
    public string Next(string list) => $"{list}[{List(list).Count}]";

    /// <summary>Appends an entry to a config list, after the stack's own (its key: <see cref="Next"/> before the call).</summary>
    public Stack Append(string list, params (string Field, string Value)[] fields)
    {
        var key = Next(list);
        return fields.Aggregate(this, (stack, f) => stack.Set($"{key}.{f.Field}", f.Value));
    }

    private IReadOnlyList<ConfigNode> List(string list)
    {
        var (top, path) = Split(list);
        var node = _values.GetValueOrDefault(top);
        foreach (var segment in path)
            node = int.TryParse(segment, out var index)
                ? (node as ListNode)?.Items.ElementAtOrDefault(index)
                : (node as MapNode)?.Find(segment);
        return (node as ListNode)?.Items ?? (node is null ? [] : throw new ArgumentException($"{list} is not a list in {StackName}"));
    }

    private static string? Id(ConfigNode item) => item switch
    {
        ScalarNode s => s.Value,
        MapNode m => (m.Find("name") ?? m.Find("path") ?? m.Find("user")) is ScalarNode s ? s.Value : null,
        _ => null,
    };

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

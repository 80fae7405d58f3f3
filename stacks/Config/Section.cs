using System.Globalization;

namespace Platform.Stacks.Config;

/// <summary>
/// Reads one mapping of config into typed values. Every wrong or missing value is recorded in
/// <see cref="Problems"/> with its full key and a default is returned, so binding goes on and the
/// operator sees every problem at once. Keys the schema does not know are reported by <see cref="Done"/>
/// (a typo must not silently fall back to a default).
/// </summary>
public sealed class Section
{
    private readonly MapNode? _map;
    private readonly HashSet<string> _read = [];

    public Section(ConfigNode? node, string key, Problems problems)
    {
        Key = key;
        Problems = problems;
        switch (node)
        {
            case MapNode m: _map = m; break;
            case null: break;
            default: problems.Add(key, $"expected a mapping of keys to values, found {Describe(node)}."); break;
        }
    }

    public string Key { get; }
    public Problems Problems { get; }
    public bool Exists => _map is not null;

    private ConfigNode? Raw(string name)
    {
        _read.Add(name);
        return _map?.Find(name);
    }

    private string KeyOf(string name) => $"{Key}.{name}";

    public string String(string name, string? fallback = null)
    {
        switch (Raw(name))
        {
            case ScalarNode s when s.Value.Length > 0: return s.Value;
            case null or ScalarNode when fallback is not null: return fallback;
            case null or ScalarNode: Problems.Add(KeyOf(name), "is required: set it in the stack file."); return "";
            case var n: Problems.Add(KeyOf(name), $"expected text, found {Describe(n)}."); return fallback ?? "";
        }
    }

    public string? OptionalString(string name) => Raw(name) switch
    {
        null => null,
        ScalarNode s => s.Value,
        var n => Fail<string?>(name, $"expected text, found {Describe(n)}.", null),
    };

    public int Int(string name, int? fallback = null)
    {
        switch (Raw(name))
        {
            case null when fallback is not null: return fallback.Value;
            case null: Problems.Add(KeyOf(name), "is required: set it to a whole number."); return 0;
            case ScalarNode s when int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v): return v;
            case var n: Problems.Add(KeyOf(name), $"expected a whole number, found {Describe(n)}."); return fallback ?? 0;
        }
    }

    public bool Bool(string name, bool fallback)
    {
        switch (Raw(name))
        {
            case null: return fallback;
            case ScalarNode { Value: "true" or "True" }: return true;
            case ScalarNode { Value: "false" or "False" }: return false;
            case var n: Problems.Add(KeyOf(name), $"expected true or false, found {Describe(n)}."); return fallback;
        }
    }

    /// <summary>Like <see cref="Bool"/> but keeps "not set" apart from false (for rules about explicitness).</summary>
    public bool? OptionalBool(string name) => Raw(name) is null ? null : Bool(name, false);

    public Section Child(string name) => new(Raw(name), KeyOf(name), Problems);

    public IReadOnlyList<T> List<T>(string name, Func<ConfigNode, T> item)
    {
        switch (Raw(name))
        {
            case null: return [];
            case ListNode l: return l.Items.Select(item).ToList();
            case var n: Problems.Add(KeyOf(name), $"expected a list, found {Describe(n)}."); return [];
        }
    }

    public IReadOnlyList<T> Sections<T>(string name, Func<Section, T> item) =>
        List(name, n => { var s = new Section(n, n.Key, Problems); var v = item(s); s.Done(); return v; });

    public IReadOnlyList<string> Strings(string name) =>
        List(name, n => n is ScalarNode s ? s.Value : Fail(n.Key, $"expected text, found {Describe(n)}."));

    public IReadOnlyList<int> Ints(string name) =>
        List(name, n => n is ScalarNode s && int.TryParse(s.Value, CultureInfo.InvariantCulture, out var v)
            ? v : FailInt(n.Key, $"expected a whole number, found {Describe(n)}."));

    public IReadOnlyDictionary<string, string> StringMap(string name)
    {
        switch (Raw(name))
        {
            case null: return new Dictionary<string, string>();
            case MapNode m:
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in m.Entries)
                {
                    if (v is ScalarNode s) result[k] = s.Value;
                    else Problems.Add(v.Key, $"expected text, found {Describe(v)}.");
                }
                return result;
            case var n: Problems.Add(KeyOf(name), $"expected a mapping, found {Describe(n)}."); return new Dictionary<string, string>();
        }
    }

    /// <summary>Reports keys that the schema did not read: almost always a typo.</summary>
    public void Done()
    {
        if (_map is null) return;
        foreach (var (k, v) in _map.Entries)
            if (!_read.Contains(k))
                Problems.Add(v.Key, $"unknown key '{k}': check its spelling (known here: {string.Join(", ", _read.Order())}).");
    }

    private T Fail<T>(string name, string message, T value) { Problems.Add(KeyOf(name), message); return value; }
    private string Fail(string key, string message) { Problems.Add(key, message); return ""; }
    private int FailInt(string key, string message) { Problems.Add(key, message); return 0; }

    public static string Describe(ConfigNode node) => node switch
    {
        ScalarNode s => $"'{s.Value}'",
        ListNode => "a list",
        MapNode => "a mapping",
        SecretNode => "a secure value",
        _ => "something else",
    };
}

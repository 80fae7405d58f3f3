using System.Text.Json;
using Platform.Stacks.Config;
using Pulumi;

namespace Platform.Infra;

/// <summary>
/// The stack's config as the engine hands it to the program, as a <see cref="ConfigNode"/> tree with full
/// keys (<c>platform:dns.records[3].proxied</c>), so that validation reports the same keys offline and here.
/// Pulumi's <see cref="Config"/> cannot list keys, so the key list comes from <c>PULUMI_CONFIG</c> (what the
/// language host and the test harness set); a key in <c>PULUMI_CONFIG_SECRET_KEYS</c> becomes a
/// <see cref="SecretNode"/>: validation only needs to know it is there, and the program reads it with RequireSecret.
/// </summary>
public sealed class PulumiConfigSource : IConfigSource
{
    private const string ConfigVariable = "PULUMI_CONFIG";
    private const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    private readonly Dictionary<string, ConfigNode> _values;

    public PulumiConfigSource(string stackName, IEnumerable<string> keys, ISet<string> secretKeys, Func<string, string?> read, string? projectDir = null)
    {
        StackName = stackName;
        ProjectDir = projectDir;
        _values = keys.ToDictionary(k => k, k => secretKeys.Contains(k) ? new SecretNode(k) : Parse(k, read(k) ?? ""), StringComparer.Ordinal);
    }

    public string StackName { get; }
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>The folder of Pulumi.yaml, whose other stack files say what the project's other stacks manage in the shared zone.</summary>
    public string? ProjectDir { get; }
    public ConfigNode? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>The running deployment's config: keys from the environment, values through <see cref="Config"/>.</summary>
    public static PulumiConfigSource FromDeployment()
    {
        var keys = ReadJson(ConfigVariable, d => d.RootElement.EnumerateObject().Select(p => CleanKey(p.Name)).ToList());
        var secrets = ReadJson(SecretKeysVariable, d => d.RootElement.EnumerateArray().Select(e => CleanKey(e.GetString() ?? "")).ToList());
        return new PulumiConfigSource(Deployment.Instance.StackName, keys, secrets.ToHashSet(StringComparer.Ordinal), key =>
        {
            var (ns, name) = Split(key);
            return new Config(ns).Get(name);
        }, FindProject(Directory.GetCurrentDirectory()));
    }

    /// <summary>
    /// The language host runs the program in its folder (infra/, Pulumi.yaml's <c>main</c>), inside the project's:
    /// the nearest folder up that holds Pulumi.yaml, where the stack files are.
    /// </summary>
    private static string? FindProject(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        return null;
    }

    public static (string Namespace, string Name) Split(string key) =>
        key.IndexOf(':') is var i and > 0 ? (key[..i], key[(i + 1)..]) : throw new ArgumentException($"'{key}' is not a namespaced config key.");

    private static List<string> ReadJson(string variable, Func<JsonDocument, List<string>> read) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } json ? read(JsonDocument.Parse(json)) : [];

    /// <summary>Older engines send <c>project:config:key</c>; Pulumi's own parser drops the middle part too.</summary>
    private static string CleanKey(string key) =>
        key.Split(':') is [var ns, "config", var name] ? $"{ns}:{name}" : key;

    /// <summary>Structured values arrive as JSON text; anything else is a plain scalar.</summary>
    private static ConfigNode Parse(string key, string value)
    {
        var trimmed = value.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('['))
            return new ScalarNode(key, value);
        try
        {
            using var document = JsonDocument.Parse(value);
            return Convert(document.RootElement, key);
        }
        catch (JsonException)
        {
            return new ScalarNode(key, value);
        }
    }

    private static ConfigNode Convert(JsonElement e, string key) => e.ValueKind switch
    {
        JsonValueKind.Object => new MapNode(key, e.EnumerateObject()
            .Select(p => new KeyValuePair<string, ConfigNode>(p.Name, Convert(p.Value, $"{key}.{p.Name}"))).ToList()),
        JsonValueKind.Array => new ListNode(key, e.EnumerateArray().Select((item, i) => Convert(item, $"{key}[{i}]")).ToList()),
        JsonValueKind.String => new ScalarNode(key, e.GetString() ?? ""),
        JsonValueKind.True => new ScalarNode(key, "true"),
        JsonValueKind.False => new ScalarNode(key, "false"),
        JsonValueKind.Null => new ScalarNode(key, ""),
        _ => new ScalarNode(key, e.GetRawText()),
    };
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Stacks.Config;

/// <summary>
/// Reads <c>Pulumi.&lt;stack&gt;.yaml</c>. A <c>secure:</c> value becomes a <see cref="SecretNode"/>: the
/// reader knows it is there and never needs (or can) decrypt it, which is what lets a reviewer without
/// credentials plan and validate a stack.
/// </summary>
public sealed class StackFile : IConfigSource
{
    private readonly Dictionary<string, ConfigNode> _values;

    private StackFile(string stackName, string path, Dictionary<string, ConfigNode> values, IReadOnlyDictionary<string, string> secureDigests)
    {
        StackName = stackName;
        Path = path;
        _values = values;
        SecureDigests = secureDigests;
    }

    /// <summary>
    /// Each <c>secure:</c> value's SHA-256 (hex) by its full key: what <c>diff</c> compares to say
    /// "[secret changed]" without decrypting anything or printing a ciphertext. Re-encrypting the same value
    /// gives a new ciphertext, so it counts as a change.
    /// </summary>
    public IReadOnlyDictionary<string, string> SecureDigests { get; }

    public string StackName { get; }
    public string Path { get; }
    public IEnumerable<string> Keys => _values.Keys;
    public ConfigNode? Get(string key) => _values.GetValueOrDefault(key);
    public string? ProjectDir => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));

    /// <summary>Finds <c>Pulumi.&lt;stack&gt;.yaml</c> in <paramref name="projectDir"/> and reads it.</summary>
    public static StackFile Load(string projectDir, string stackName)
    {
        if (!StackNames.IsValid(stackName))
            throw new ConfigException($"'{stackName}' is not a stack name: use letters, digits, '-' or '_' (for example: staging, production).");
        var path = System.IO.Path.Combine(projectDir, $"Pulumi.{stackName}.yaml");
        if (!File.Exists(path))
        {
            var known = Known(projectDir);
            var hint = known.Count > 0 ? $"known stacks: {string.Join(", ", known)}" : "no Pulumi.<stack>.yaml files there";
            throw new ConfigException($"unknown stack '{stackName}': {path} does not exist ({hint}).{Suggestions.DidYouMean(stackName, known)}");
        }
        return Parse(stackName, path, File.ReadAllText(path));
    }

    /// <summary>The stacks of a project folder: every <c>Pulumi.&lt;stack&gt;.yaml</c> in it.</summary>
    public static IReadOnlyList<string> Known(string projectDir) =>
        Directory.Exists(projectDir)
            ? Directory.GetFiles(projectDir, "Pulumi.*.yaml").Select(f => System.IO.Path.GetFileName(f)[7..^5]).Order(StringComparer.Ordinal).ToList()
            : [];

    public static StackFile Parse(string stackName, string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw YamlError.Describe(path, text, e);
        }

        var values = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        var secure = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
            return new StackFile(stackName, path, values, secure);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException($"{path}: the file must be a mapping with a 'config:' key.");

        foreach (var (k, v) in root.Children)
        {
            var name = ((YamlScalarNode)k).Value;
            if (name == "config")
            {
                if (v is YamlScalarNode { Value: null or "" }) continue;
                if (v is not YamlMappingNode config)
                    throw new ConfigException($"{path}:{v.Start.Line}: 'config:' must be a mapping of keys to values.");
                foreach (var (ck, cv) in config.Children)
                {
                    var key = ((YamlScalarNode)ck).Value ?? "";
                    if (values.ContainsKey(key))
                        throw new ConfigException($"{path}:{ck.Start.Line}: config key '{key}' appears twice.");
                    values[key] = Convert(cv, key, secure);
                }
            }
        }
        return new StackFile(stackName, path, values, secure);
    }

    private static ConfigNode Convert(YamlNode node, string key, Dictionary<string, string> secure) => node switch
    {
        YamlMappingNode m when IsSecure(m) => Secure(key, (m.Children.Values.Single() as YamlScalarNode)?.Value ?? "", secure),
        YamlMappingNode m => new MapNode(key, m.Children
            .Select(kv => new KeyValuePair<string, ConfigNode>(
                ((YamlScalarNode)kv.Key).Value ?? "",
                Convert(kv.Value, $"{key}.{((YamlScalarNode)kv.Key).Value}", secure)))
            .ToList()),
        YamlSequenceNode s => new ListNode(key, s.Children.Select((c, i) => Convert(c, $"{key}[{i}]", secure)).ToList()),
        YamlScalarNode sc => new ScalarNode(key, sc.Value ?? ""),
        _ => throw new ConfigException($"{key}: unsupported YAML node (anchors and aliases are not used in stack files)."),
    };

    private static SecretNode Secure(string key, string ciphertext, Dictionary<string, string> secure)
    {
        secure[key] = Platform.Stacks.Plan.TextDigest.Sha256(ciphertext);
        return new SecretNode(key, ciphertext == SecretNode.Placeholder);
    }

    private static bool IsSecure(YamlMappingNode m) =>
        m.Children.Count == 1 && m.Children.Keys.Single() is YamlScalarNode { Value: "secure" };
}

using System.Text.Json;
using Platform.Stacks.Config;

namespace Platform.Tests.Shared;

/// <summary>
/// The config the Pulumi engine hands the program (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS), made from a
/// stack file: every top-level key, objects as JSON text, each <c>secure:</c> value replaced by a test
/// value and listed as a secret key. Shared by the Pulumi tests and the Pulumi benchmark.
/// </summary>
public static class EngineConfig
{
    public const string ConfigVariable = "PULUMI_CONFIG";
    public const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    public static (Dictionary<string, string> Config, List<string> SecretKeys) From(IConfigSource file)
    {
        var config = new Dictionary<string, string>();
        var secrets = new List<string>();
        foreach (var key in file.Keys)
        {
            var node = file.Get(key)!;
            if (node is SecretNode)
                secrets.Add(key);
            config[key] = node switch
            {
                SecretNode => $"test value of {key}",
                ScalarNode s => s.Value,
                _ => JsonSerializer.Serialize(ToJson(node)),
            };
        }
        return (config, secrets);
    }

    /// <summary>Sets the engine's variables for the deployments that start next (process-wide).</summary>
    public static void Apply(IConfigSource file)
    {
        var (config, secretKeys) = From(file);
        Environment.SetEnvironmentVariable(ConfigVariable, JsonSerializer.Serialize(config));
        Environment.SetEnvironmentVariable(SecretKeysVariable, JsonSerializer.Serialize(secretKeys));
    }

    public static void Clear()
    {
        Environment.SetEnvironmentVariable(ConfigVariable, null);
        Environment.SetEnvironmentVariable(SecretKeysVariable, null);
    }

    private static object? ToJson(ConfigNode node) => node switch
    {
        MapNode m => m.Entries.ToDictionary(e => e.Key, e => ToJson(e.Value)),
        ListNode l => l.Items.Select(ToJson).ToList(),
        ScalarNode s => s.Value,
        _ => throw new InvalidOperationException($"{node.Key}: a secure value inside a structured value"),
    };
}

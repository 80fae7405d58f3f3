using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>
/// A side of a diff as JSON: what the base's own build prints (<c>diff STACK --snapshot</c>, hidden) when the
/// base's code differs from the working tree's, so that the base is planned by its code. It carries the
/// resources and the generated texts, never a secret or a digest of one: the secure values are read from the
/// base's stack file by the caller. <see cref="Format"/> changes when the shape does.
/// </summary>
public static class DiffSnapshot
{
    public const int Format = 1;

    public static string Write(string stack, IReadOnlyList<PlannedResource> resources, IReadOnlyList<GeneratedText> texts)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["stack"] = stack,
            ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject
            {
                ["type"] = r.Type,
                ["name"] = r.Name,
                ["parent"] = r.Parent,
                ["inputs"] = new JsonObject(r.Inputs.Select(i => KeyValuePair.Create(i.Key, (JsonNode?)i.Value))),
                ["secretInputs"] = Array(r.SecretInputs),
                ["secretSources"] = new JsonObject(r.SecretSources.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Array(s.Value)))),
                ["protect"] = r.Policy.Protect,
                ["retainOnDelete"] = r.Policy.RetainOnDelete,
                ["ignoreChanges"] = Array(r.Policy.IgnoredChanges),
                ["importId"] = r.Policy.ImportId,
                ["replacementNote"] = r.Policy.ReplacementNote,
                ["dependsOn"] = Array(r.DependsOn),
            })]),
            ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode)new JsonObject
            {
                ["resource"] = t.Resource, ["input"] = t.Input, ["where"] = t.Where, ["text"] = t.Text,
            })]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n";
    }

    /// <summary>The resources and texts of a snapshot; a ConfigException names what is wrong with it.</summary>
    public static (IReadOnlyList<PlannedResource> Resources, IReadOnlyList<GeneratedText> Texts) Read(string json, string from)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException e) { throw new ConfigException($"{from}: not a plan snapshot ({e.Message})."); }
        if (root?["format"]?.GetValue<int>() != Format)
            throw new ConfigException($"{from}: a plan snapshot of format {root?["format"]}, this program reads format {Format}.");
        var resources = root["resources"]!.AsArray().Select(n => new PlannedResource(
            Text(n, "type"), Text(n, "name"), n!["parent"]?.GetValue<string>(),
            n["inputs"]!.AsObject().ToDictionary(i => i.Key, i => i.Value!.GetValue<string>()),
            Strings(n["secretInputs"]),
            new ResourcePolicy(n["protect"]!.GetValue<bool>(), n["retainOnDelete"]!.GetValue<bool>(), Strings(n["ignoreChanges"]),
                n["importId"]?.GetValue<string>(), n["replacementNote"]?.GetValue<string>()),
            Strings(n["dependsOn"]))
        {
            SecretSources = n["secretSources"]!.AsObject().ToDictionary(s => s.Key, s => Strings(s.Value)),
        }).ToList();
        var texts = root["texts"]!.AsArray()
            .Select(n => new GeneratedText(Text(n, "resource"), Text(n, "input"), Text(n, "where"), Text(n, "text"))).ToList();
        return (resources, texts);
    }

    private static string Text(JsonNode? n, string key) => n![key]!.GetValue<string>();

    private static IReadOnlyList<string> Strings(JsonNode? n) => [.. n!.AsArray().Select(x => x!.GetValue<string>())];

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);
}

using System.Text;
using System.Text.RegularExpressions;
using Platform.Stacks.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Cli;

/// <summary>One promotable value that differs between the stacks: <see cref="From"/> is the target's value today, <see cref="To"/> the promoted one.</summary>
public sealed record PromotionChange(string Key, string From, string To)
{
    /// <summary>The promoted version is older than the target's: a rollback, which must be asked for.</summary>
    public bool Downgrade => ReleaseVersion.Parse(From) is { } now && ReleaseVersion.Parse(To) is { } next && next.CompareTo(now) < 0;

    public bool PreRelease => ReleaseVersion.Parse(To) is { IsPreRelease: true };

    /// <summary>Neither value names a version (a digest, <c>latest</c>): whether it is a downgrade cannot be told.</summary>
    public bool Unordered => ReleaseVersion.Parse(From) is null || ReleaseVersion.Parse(To) is null;
}

/// <summary>
/// Promotion from one stack file to another: the promotable values (image tags, k3s and Vault versions)
/// are copied by editing the target's text at each value's exact position, so comments, order, quoting
/// and <c>secure:</c> values stay byte for byte as they were.
/// </summary>
public sealed partial record Promotion(IReadOnlyList<PromotionChange> Changes, string Result)
{
    /// <summary>
    /// The promotable values, by key. Workloads are matched by name, not position: the stacks may list
    /// different workloads, and only the ones both have are promoted.
    /// </summary>
    private static readonly (string Section, string Path)[] Promotable =
    [
        ("platform:cluster", "k3sVersion"),
        ("platform:cluster", "workloads[name].image"),
        ("platform:vault", "version"),
    ];

    public static Promotion Compute(string fromText, string fromPath, string toText, string toPath)
    {
        var from = Values(fromText, fromPath);
        var to = Values(toText, toPath);
        var changes = new List<PromotionChange>();
        var edits = new List<(int Start, int End, string Text)>();
        foreach (var (key, target) in to.OrderBy(t => t.Value.Start))
        {
            if (!from.TryGetValue(key, out var source) || source.Value == target.Value) continue;
            changes.Add(new PromotionChange(key, target.Value, source.Value));
            edits.Add((target.Start, target.End, Render(source.Value, target.Style)));
        }
        var result = new StringBuilder(toText);
        foreach (var (start, end, text) in edits.OrderByDescending(e => e.Start))
            result.Remove(start, end - start).Insert(start, text);
        return new Promotion(changes, result.ToString());
    }

    public string Describe(string from, string to)
    {
        if (Changes.Count == 0)
            return $"{to} already has every promotable value of {from}.\n";
        var sb = new StringBuilder($"promoting {from} → {to}: {Changes.Count} value{(Changes.Count == 1 ? "" : "s")} change\n");
        foreach (var c in Changes)
        {
            var marks = new List<string>();
            if (c.Downgrade) marks.Add("DOWNGRADE");
            if (c.PreRelease) marks.Add("PRE-RELEASE");
            if (c.Unordered) marks.Add("cannot tell newer from older");
            sb.AppendLine($"  {c.Key}{(marks.Count == 0 ? "" : $"  [{string.Join(", ", marks)}]")}\n    - {c.From}\n    + {c.To}");
        }
        return sb.ToString();
    }

    private sealed record Located(string Value, int Start, int End, ScalarStyle Style);

    private static Dictionary<string, Located> Values(string text, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw YamlError.Describe(path, text, e); }
        var values = new Dictionary<string, Located>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return values;
        if (!root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode) || configNode is not YamlMappingNode config) return values;
        foreach (var (section, valuePath) in Promotable)
        {
            if (!config.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is not YamlMappingNode map) continue;
            var match = ListItem().Match(valuePath);
            if (!match.Success)
            {
                if (map.Children.TryGetValue(new YamlScalarNode(valuePath), out var v) && v is YamlScalarNode s)
                    values[$"{section}.{valuePath}"] = Locate(s);
                continue;
            }
            var (list, id, field) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
            if (!map.Children.TryGetValue(new YamlScalarNode(list), out var items) || items is not YamlSequenceNode seq) continue;
            foreach (var item in seq.Children.OfType<YamlMappingNode>())
                if (item.Children.TryGetValue(new YamlScalarNode(id), out var name) && name is YamlScalarNode n
                    && item.Children.TryGetValue(new YamlScalarNode(field), out var value) && value is YamlScalarNode s)
                    values[$"{section}.{list}[{id}={n.Value}].{field}"] = Locate(s);
        }
        return values;
    }

    private static Located Locate(YamlScalarNode s) => new(s.Value ?? "", (int)s.Start.Index, (int)s.End.Index, s.Style);

    /// <summary>Writes the value in the target's quoting style, quoting a plain value only when YAML needs it.</summary>
    private static string Render(string value, ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''") + "'",
        ScalarStyle.DoubleQuoted => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ when SafePlain().IsMatch(value) => value,
        _ => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
    };

    [GeneratedRegex(@"^(\w+)\[(\w+)\]\.(\w+)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/:+@-]*$")]
    private static partial Regex SafePlain();
}

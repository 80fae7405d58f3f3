using System.Text;
using System.Text.RegularExpressions;
using Platform.Stacks.Config;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Platform.Cli.Adoption;

/// <summary>
/// Writes import ids (and the few other values `adopt --write` takes from what runs: <c>new</c>, a record's live
/// comment and TTL) into a stack file's text at exact positions, as <see cref="Cli.Promotion"/> does: an
/// existing value is replaced in place, a missing one is inserted as a new line after the mapping's last
/// scalar entry with the same indentation (or before a flow mapping's closing brace). Comments, order,
/// quoting and <c>secure:</c> values stay byte for byte.
/// </summary>
public static partial class ImportIdWriter
{
    /// <param name="values">full config keys (<c>platform:dns.icDomains[1].canisterIdImportId</c>) and their ids.</param>
    public static string Write(string text, string path, IReadOnlyList<(string Key, string Value)> values) =>
        Write(text, path, values.Select(v => new ConfigWrite(v.Key, v.Value)).ToList());

    /// <param name="values">full config keys and values, each quoted or (a number) bare.</param>
    public static string Write(string text, string path, IReadOnlyList<ConfigWrite> values)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw YamlError.Describe(path, text, e); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("config"), out var c) || c is not YamlMappingNode config)
            throw new ConfigException($"{path}: no 'config:' mapping to write the import ids into.");

        var edits = new List<(int Start, int End, string Text)>();
        foreach (var (key, raw, quoted) in values)
        {
            var value = quoted ? Quote(raw) : raw;
            var (mapping, field) = Locate(config, key, path);
            if (mapping.Children.TryGetValue(new YamlScalarNode(field), out var existing))
            {
                if (existing is not YamlScalarNode s)
                    throw new ConfigException($"{path}: {key} is not a plain value.");
                var (start, end) = ((int)s.Start.Index, (int)s.End.Index);
                // `importId:` left empty: the value starts right after the colon, and YAML needs a space there.
                var gap = start == end && start > 0 && text[start - 1] == ':' ? " " : "";
                edits.Add((start, end, gap + value));
            }
            else
                edits.Add(Insert(text, mapping, field, value, key, path));
        }
        var result = new StringBuilder(text);
        // From the end of the text back, so earlier positions stay valid; insertions at one point in reverse, so they read in order.
        foreach (var (start, end, insert) in edits.Select((e, i) => (e, i)).OrderByDescending(x => x.e.Start).ThenByDescending(x => x.i).Select(x => x.e))
            result.Remove(start, end - start).Insert(start, insert);
        return result.ToString();
    }

    /// <summary>The mapping that holds the key's last field: <c>platform:hetzner.servers[0].importId</c> → servers[0], importId.</summary>
    private static (YamlMappingNode Mapping, string Field) Locate(YamlMappingNode config, string key, string path)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var parts = key[(dot + 1)..].Split('.');
        YamlNode node = config.Children.TryGetValue(new YamlScalarNode(key[..dot]), out var section) ? section
            : throw new ConfigException($"{path}: no '{key[..dot]}' section for {key}.");
        foreach (var part in parts[..^1])
        {
            var m = Indexed().Match(part);
            var name = m.Success ? m.Groups[1].Value : part;
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(name), out var child))
                throw new ConfigException($"{path}: no '{name}' on the way to {key}.");
            node = child;
            if (m.Success)
            {
                var index = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                node = node is YamlSequenceNode seq && index < seq.Children.Count ? seq.Children[index]
                    : throw new ConfigException($"{path}: no item {index} in '{name}' for {key}.");
            }
        }
        return node is YamlMappingNode target ? (target, parts[^1]) : throw new ConfigException($"{path}: {key} is not inside a mapping.");
    }

    private static (int, int, string) Insert(string text, YamlMappingNode mapping, string field, string value, string key, string path)
    {
        if (mapping.Children.Count == 0)
            throw new ConfigException($"{path}: cannot place {key}: its mapping is empty.");
        if (mapping.Style == MappingStyle.Flow)
        {
            // The brace after the last value (the representation model gives a mapping no end mark of its own).
            var close = text.IndexOf('}', (int)mapping.Children.Last().Value.End.Index);
            var before = close > 0 && text[close - 1] == ' ' ? close - 1 : close;
            // `{ a: 1, }` keeps its trailing comma after each new entry (several may land at this one point).
            return text[..before].TrimEnd().EndsWith(',')
                ? (before, before, $" {field}: {value},")
                : (before, before, $", {field}: {value}");
        }
        var entries = mapping.Children.ToList();
        var indent = (int)entries[0].Key.Start.Column - 1;
        // After the last entry whose value ends on its own line (a scalar or a flow collection), so nested blocks stay intact.
        var anchor = entries.LastOrDefault(e => e.Value is YamlScalarNode || e.Value is YamlSequenceNode { Style: SequenceStyle.Flow } || e.Value is YamlMappingNode { Style: MappingStyle.Flow });
        if (anchor.Value is null)
            throw new ConfigException($"{path}: cannot place {key}: its mapping has no plain entry to write after.");
        // A block scalar (`|`, `>`) ends after its last line break, at the start of the next line: write there.
        var end = (int)anchor.Value.End.Index;
        var lineEnd = end > 0 && text[end - 1] == '\n' ? end - 1 : text.IndexOf('\n', end);
        var at = lineEnd < 0 ? text.Length : lineEnd + 1;
        // The file's own line ending (CRLF stays CRLF).
        var eol = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var newline = lineEnd < 0 ? eol : "";
        return (at, at, $"{newline}{new string(' ', indent)}{field}: {value}{eol}");
    }

    /// <summary>
    /// Import ids contain '/' and '-', a live comment anything: a YAML double-quoted scalar (YAML 1.2 §5.7) keeps them
    /// as they are, with backslash, quote and control characters escaped.
    /// </summary>
    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u007f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }

    [GeneratedRegex(@"^(\w+)\[(\d+)\]$")]
    private static partial Regex Indexed();
}

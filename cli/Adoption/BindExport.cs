using System.Globalization;
using System.Text;
using Platform.Stacks.Config;
using Platform.Stacks.Dns;

namespace Platform.Cli.Adoption;

/// <summary>
/// A zone file as Cloudflare exports it (RFC 1035 master file syntax): <c>$ORIGIN</c> and <c>$TTL</c>,
/// relative, absolute (trailing dot) and <c>@</c> names, an omitted owner meaning the previous one,
/// parentheses across lines, quoted TXT strings, and Cloudflare's proxy state in a trailing comment
/// (<c>; cf_tags=cf-proxied:true</c>). It has no record ids: it tells what runs, not how to import it.
/// The SOA and Cloudflare's own NS records at the apex are the zone itself, not records the stack manages.
/// </summary>
public static class BindExport
{
    public static IReadOnlyList<LiveRecord> Read(string path, string text, string zone)
    {
        var origin = zone;
        int? defaultTtl = null;
        string? owner = null;
        var records = new List<LiveRecord>();
        var sawZoneFileLine = false;
        foreach (var (lineNo, line, comment) in LogicalLines(path, text))
        {
            string Where() => $"{path}:{lineNo}";
            var fields = Fields(line);
            if (fields.Count == 0) continue;
            if (fields[0].StartsWith('$'))
            {
                sawZoneFileLine = true;
                switch (fields[0].ToUpperInvariant())
                {
                    case "$ORIGIN" when fields.Count >= 2:
                        origin = Absolute(fields[1], origin);
                        if (!InZone(origin, zone))
                            throw new ConfigException($"{Where()}: $ORIGIN {fields[1]} is not in {zone}: an export of another zone?");
                        break;
                    case "$TTL" when fields.Count >= 2 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var t):
                        defaultTtl = t;
                        break;
                    default:
                        throw new ConfigException($"{Where()}: '{fields[0]}' is not supported here (only $ORIGIN and $TTL): give the export as Cloudflare wrote it.");
                }
                continue;
            }
            var i = 0;
            if (!char.IsWhiteSpace(line[0]))
                owner = Absolute(fields[i++], origin);
            if (owner is null)
                throw new ConfigException($"{Where()}: a record without an owner name before any named record.");
            int? ttl = null;
            for (; i < fields.Count && (IsNumber(fields[i]) || fields[i].ToUpperInvariant() is "IN" or "CH" or "HS"); i++)
                if (IsNumber(fields[i])) ttl = int.Parse(fields[i], CultureInfo.InvariantCulture);
            if (i >= fields.Count)
                throw new ConfigException($"{Where()}: no record type: not a zone-file record.");
            var type = fields[i++].ToUpperInvariant();
            if (!KnownTypes.Contains(type))
                throw new ConfigException($"{Where()}: '{fields[i - 1]}' is not a record type: is this a BIND zone export?");
            var rdata = fields.Skip(i).ToList();
            if (rdata.Count == 0)
                throw new ConfigException($"{Where()}: {type} {owner} has no value: a truncated file? Export it again.");
            sawZoneFileLine = true;
            if (!InZone(owner, zone))
                throw new ConfigException($"{Where()}: '{owner}' is not in {zone}: an export of another zone?");
            if (type == "SOA" || (type == "NS" && owner == zone && rdata[0].TrimEnd('.').EndsWith(".ns.cloudflare.com", StringComparison.OrdinalIgnoreCase)))
                continue;
            int? priority = null;
            if (type is "MX" or "SRV" or "URI" && rdata.Count > 1 && IsNumber(rdata[0]))
            {
                priority = int.Parse(rdata[0], CultureInfo.InvariantCulture);
                rdata = rdata.Skip(1).ToList();
            }
            if (type is "CNAME" or "MX" or "NS" or "PTR")
                rdata[^1] = Absolute(rdata[^1], origin);
            if (type == "SRV" && rdata.Count == 3)
                rdata[2] = Absolute(rdata[2], origin);
            var content = type == "TXT" ? TxtText.Unquote(string.Join(' ', rdata)) : string.Join(' ', rdata);
            var proxied = comment.Contains("cf-proxied:true", StringComparison.OrdinalIgnoreCase);
            records.Add(new LiveRecord(null, owner, type, RecordContent.Normalize(type, content), proxied,
                ttl ?? defaultTtl ?? 1, priority, null, path, CommentKnown: false));
        }
        if (!sawZoneFileLine)
            throw new ConfigException($"{path}: no zone-file records: not a BIND export of {zone}.");
        return records;
    }

    private static readonly HashSet<string> KnownTypes =
        ["A", "AAAA", "CNAME", "TXT", "MX", "NS", "SOA", "CAA", "SRV", "PTR", "HTTPS", "SVCB", "URI", "DS", "DNSKEY", "TLSA", "SSHFP", "NAPTR", "CERT", "LOC", "SMIMEA", "OPENPGPKEY"];

    /// <summary>A name made absolute against <paramref name="origin"/>, lower case, without the trailing dot.</summary>
    public static string Absolute(string name, string origin)
    {
        if (name == "@") return origin.ToLowerInvariant();
        if (name.EndsWith('.')) return name.TrimEnd('.').ToLowerInvariant();
        return $"{name}.{origin}".ToLowerInvariant();
    }

    public static bool InZone(string name, string zone) =>
        name.Equals(zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase);

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    /// <summary>Lines with comments removed (kept apart, for cf_tags) and parentheses joined into one line.</summary>
    private static IEnumerable<(int Line, string Text, string Comment)> LogicalLines(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var buffer = new StringBuilder();
        var comments = new StringBuilder();
        var depth = 0;
        var start = 0;
        for (var n = 0; n < lines.Length; n++)
        {
            var (code, comment) = SplitComment(lines[n], $"{path}:{n + 1}");
            if (depth == 0) { start = n + 1; buffer.Clear(); comments.Clear(); }
            foreach (var c in code)
            {
                if (c == '(') { depth++; buffer.Append(' '); }
                else if (c == ')') { depth--; buffer.Append(' '); }
                else buffer.Append(c);
            }
            comments.Append(comment);
            if (depth < 0)
                throw new ConfigException($"{path}:{n + 1}: ')' without '(': not a zone file.");
            if (depth == 0 && buffer.ToString().Trim().Length > 0)
                yield return (start, buffer.ToString().TrimEnd(), comments.ToString());
            else if (depth > 0)
                buffer.Append(' ');
        }
        if (depth > 0)
            throw new ConfigException($"{path}:{start}: '(' never closed: a truncated file? Export it again.");
    }

    private static (string Code, string Comment) SplitComment(string line, string where)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\') { i++; continue; }
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ';' && !quoted) return (line[..i], line[(i + 1)..]);
        }
        if (quoted)
            throw new ConfigException($"{where}: a quoted string is not closed: a truncated file? Export it again.");
        return (line, "");
    }

    /// <summary>Whitespace-separated fields, a quoted string being one field (quotes kept, for TXT).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length) { sb.Append(c).Append(line[++i]); continue; }
            if (c == '"') quoted = !quoted;
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (sb.Length > 0) { fields.Add(sb.ToString()); sb.Clear(); }
                continue;
            }
            sb.Append(c);
        }
        if (sb.Length > 0) fields.Add(sb.ToString());
        return fields;
    }
}

using System.Globalization;
using System.Text.Json;
using Platform.Stacks.Config;
using Platform.Stacks.Dns;

namespace Platform.Cli.Adoption;

/// <summary>
/// Reads the zone's records from Cloudflare's exports: the JSON of <c>GET /zones/{zone_id}/dns_records</c>
/// (the whole response, or its <c>result</c> array; one file per page) or the BIND export (dashboard, or
/// <c>GET /zones/{zone_id}/dns_records/export</c>). A file of another zone, a truncated or partial export,
/// or something else entirely is an error naming the file: an audit on half a zone would call the other
/// half "to create".
/// </summary>
public static class CloudflareExport
{
    public static IReadOnlyList<LiveRecord> Read(IReadOnlyList<string> paths, string zone, string zoneId)
    {
        var records = new List<LiveRecord>();
        var byId = new HashSet<string>(StringComparer.Ordinal);
        var totals = new List<(string Path, int Total)>();
        foreach (var path in paths)
        {
            var text = ReadText(path);
            var trimmed = text.TrimStart();
            var read = trimmed.StartsWith('{') || trimmed.StartsWith('[')
                ? ReadJson(path, text, zone, zoneId, totals)
                : BindExport.Read(path, text, zone);
            foreach (var r in read)
                if (r.Id is null || byId.Add(r.Id)) // the same page given twice counts once
                    records.Add(r);
        }
        // Both kinds given: a BIND record the JSON also holds is the same record (the JSON has its id).
        var withIds = records.Where(r => r.Id is not null).Select(r => (r.Name, r.Type, r.Content)).ToHashSet();
        records.RemoveAll(r => r.Id is null && withIds.Contains((r.Name, r.Type, r.Content)));
        foreach (var (path, total) in totals)
        {
            var fromJson = records.Count(r => r.Id is not null);
            if (fromJson < total)
                throw new ConfigException($"{path}: the zone has {total} records (result_info.total_count) but the pages given hold {fromJson}: give every page (--cloudflare page1.json --cloudflare page2.json …).");
        }
        return records;
    }

    internal static string ReadText(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException($"{path}: no such file.");
        return File.ReadAllText(path);
    }

    private static List<LiveRecord> ReadJson(string path, string text, string zone, string zoneId, List<(string, int)> totals)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}:{e.LineNumber + 1}: not valid JSON ({e.Message.Split(" Path:")[0]}) — a truncated download? Export it again.");
        }
        using (doc)
        {
            var root = doc.RootElement;
            JsonElement list;
            // An API error answers {"success": false, "errors": [...], "result": null}: say what the API said.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.False)
                throw new ConfigException($"{path}: the API answered success=false ({Errors(root)}): export it again with a token that can read the zone.");
            if (root.ValueKind == JsonValueKind.Array)
                list = root;
            else if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array)
            {
                list = result;
                if (root.TryGetProperty("result_info", out var info) && info.TryGetProperty("total_count", out var total) && total.TryGetInt32(out var t))
                    totals.Add((path, t));
            }
            else
                throw new ConfigException($"{path}: not a Cloudflare record list: expected the response of GET /zones/{{zone_id}}/dns_records or its 'result' array.");

            var records = new List<LiveRecord>();
            var i = 0;
            foreach (var e in list.EnumerateArray())
            {
                records.Add(Record(path, i, e, zone, zoneId));
                i++;
            }
            return records;
        }
    }

    private static LiveRecord Record(string path, int index, JsonElement e, string zone, string zoneId)
    {
        string Where() => $"{path}: result[{index}]";
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out _) || !e.TryGetProperty("name", out _))
            throw new ConfigException($"{Where()}: not a DNS record (no 'type' and 'name'): is this a Cloudflare dns_records export?");
        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Str("zone_id") is { } z && z != zoneId)
            throw new ConfigException($"{Where()}: a record of zone {z} ({Str("zone_name")}), not of this stack's zone {zoneId}: export the stack's zone.");
        var name = (Str("name") ?? "").TrimEnd('.').ToLowerInvariant(); // the API gives full names, without the dot
        if (!BindExport.InZone(name, zone))
            throw new ConfigException($"{Where()}: '{name}' is not in {zone}: an export of another zone?");
        var type = (Str("type") ?? "").ToUpperInvariant();
        var id = Str("id") ?? throw new ConfigException($"{Where()}: the record has no 'id': is this an API export?");
        var content = Str("content") ?? DataContent(e) ?? "";
        var ttl = e.TryGetProperty("ttl", out var tt) && tt.TryGetInt32(out var ttlValue) ? ttlValue : 1;
        int? priority = e.TryGetProperty("priority", out var pr) && pr.TryGetInt32(out var p) ? p : null;
        var proxied = e.TryGetProperty("proxied", out var px) && px.ValueKind == JsonValueKind.True;
        // null when the record has no comment (the API writes "comment": null); "" only if the API holds an empty one.
        return new LiveRecord(id, name, type, RecordContent.Normalize(type, content), proxied, ttl, priority, Str("comment"), path, content);
    }

    /// <summary>CAA (and SRV) records carry their value in <c>data</c>; older exports leave <c>content</c> empty.</summary>
    private static string? DataContent(JsonElement e)
    {
        if (!e.TryGetProperty("data", out var d) || d.ValueKind != JsonValueKind.Object) return null;
        if (d.TryGetProperty("tag", out var tag) && d.TryGetProperty("value", out var value))
            return string.Create(CultureInfo.InvariantCulture, $"{(d.TryGetProperty("flags", out var f) ? f.ToString() : "0")} {tag.GetString()} \"{value.GetString()}\"");
        return null;
    }

    private static string Errors(JsonElement root) =>
        root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? string.Join("; ", errors.EnumerateArray().Select(x => x.TryGetProperty("message", out var m) ? m.GetString() : x.ToString()))
            : "no errors given";
}

using System.Text.Json;
using Platform.Stacks.Config;

namespace Platform.Cli.Adoption;

/// <summary>A server; <see cref="Labels"/> as <c>k=v,…</c> sorted, <see cref="FirewallIds"/> those applied to it (public_net.firewalls).</summary>
public sealed record LiveServer(long Id, string Name, string ServerType, string? Location, string? PublicIpv4, long? PrimaryIpId,
    bool Ipv6, bool Backups, IReadOnlyList<(long Network, string Ip)> PrivateNets, string Labels, bool DeleteProtection, bool RebuildProtection,
    IReadOnlyList<long> FirewallIds, long? PlacementGroupId, long? PrimaryIpv6Id);

public sealed record LivePrimaryIp(long Id, string Name, string Ip, string Type, long? AssigneeId, bool AutoDelete, bool DeleteProtection,
    string Labels, string? Location);

public sealed record LiveSubnet(string Type, string IpRange, string NetworkZone, long? VswitchId);

public sealed record LiveNetwork(long Id, string Name, string IpRange, bool ExposeRoutesToVswitch, IReadOnlyList<LiveSubnet> Subnets, bool DeleteProtection,
    string Labels);

public sealed record LiveSshKey(long Id, string Name, string PublicKey, string Fingerprint, string Labels);

/// <summary>A firewall; <see cref="Rules"/> each as <see cref="HcloudExport.Rule"/> writes it, sorted.</summary>
public sealed record LiveFirewall(long Id, string Name, IReadOnlyList<long> AppliedToServers, IReadOnlyList<string> Rules);

/// <summary>What the Hetzner Cloud project holds, by kind; a kind is null when no export of it was given (not checked).</summary>
public sealed record LiveProject(
    IReadOnlyList<LiveServer>? Servers, IReadOnlyList<LivePrimaryIp>? PrimaryIps, IReadOnlyList<LiveNetwork>? Networks,
    IReadOnlyList<LiveSshKey>? SshKeys, IReadOnlyList<LiveFirewall>? Firewalls);

/// <summary>
/// Reads <c>hcloud server|primary-ip|network|ssh-key|firewall list -o json</c> (an array of the API's objects;
/// the API's own <c>{"servers": […]}</c> responses too), each recognised by its content, in any order.
/// Field names are the Hetzner Cloud API's (docs.hetzner.cloud), which the hcloud CLI prints as they are.
/// </summary>
public static class HcloudExport
{
    private static readonly (string Kind, string Plural, string[] Fields)[] Kinds =
    [
        ("server", "servers", ["server_type", "public_net"]),
        ("primary IP", "primary_ips", ["assignee_type", "ip"]),
        ("network", "networks", ["ip_range", "subnets"]),
        ("SSH key", "ssh_keys", ["fingerprint", "public_key"]),
        ("firewall", "firewalls", ["rules", "applied_to"]),
    ];

    public static LiveProject Read(IReadOnlyList<string> paths)
    {
        List<LiveServer>? servers = null; List<LivePrimaryIp>? ips = null; List<LiveNetwork>? networks = null;
        List<LiveSshKey>? keys = null; List<LiveFirewall>? firewalls = null;
        foreach (var path in paths)
        {
            var text = CloudflareExport.ReadText(path);
            JsonDocument doc;
            try { doc = JsonDocument.Parse(text); }
            catch (JsonException e) { throw new ConfigException($"{path}:{e.LineNumber + 1}: not valid JSON — a truncated file? Run the hcloud list again."); }
            using (doc)
            {
                var (kind, items) = Classify(path, doc.RootElement);
                if (kind is null) continue; // an empty list: nothing of any kind
                var parsed = items.Select((e, i) => (e, Where: $"{path}: [{i}]")).ToList();
                switch (kind)
                {
                    case "server": (servers ??= []).AddRange(parsed.Select(x => Server(x.e, x.Where))); break;
                    case "primary IP": (ips ??= []).AddRange(parsed.Select(x => PrimaryIp(x.e, x.Where))); break;
                    case "network": (networks ??= []).AddRange(parsed.Select(x => Network(x.e, x.Where))); break;
                    case "SSH key": (keys ??= []).AddRange(parsed.Select(x => SshKey(x.e, x.Where))); break;
                    case "firewall": (firewalls ??= []).AddRange(parsed.Select(x => Firewall(x.e, x.Where))); break;
                }
            }
        }
        return new LiveProject(Distinct(servers, s => s.Id), Distinct(ips, s => s.Id), Distinct(networks, s => s.Id),
            Distinct(keys, s => s.Id), Distinct(firewalls, s => s.Id));
    }

    private static List<T>? Distinct<T>(List<T>? items, Func<T, long> id) => items?.DistinctBy(id).ToList();

    private static (string? Kind, List<JsonElement> Items) Classify(string path, JsonElement root)
    {
        // `hcloud … list -o json` of a project without any prints `null`: the CLI encodes a nil Go slice
        // (hetznercloud/cli internal/cmd/base/list.go, `var schema []any` then util.DescribeJSON).
        if (root.ValueKind == JsonValueKind.Null)
            return (null, []);
        var list = root;
        string? known = null;
        if (root.ValueKind == JsonValueKind.Object)
        {
            var plural = Kinds.FirstOrDefault(k => root.TryGetProperty(k.Plural, out _));
            if (plural.Kind is null)
                throw new ConfigException($"{path}: not an hcloud list: expected the JSON of `hcloud server|primary-ip|network|ssh-key|firewall list -o json`.");
            list = root.GetProperty(plural.Plural);
            known = plural.Kind; // the API's {"firewalls": []} names its kind even when empty
        }
        if (list.ValueKind != JsonValueKind.Array)
            throw new ConfigException($"{path}: not an hcloud list: expected a JSON array.");
        var items = list.EnumerateArray().ToList();
        if (items.Count == 0) return (known, items);
        string? kind = null;
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i];
            var match = e.ValueKind == JsonValueKind.Object ? Kinds.FirstOrDefault(k => k.Fields.All(f => e.TryGetProperty(f, out _))).Kind : null;
            if (match is null)
                throw new ConfigException($"{path}: [{i}] is none of server, primary IP, network, SSH key or firewall: give the JSON of an `hcloud … list -o json`.");
            if (kind is not null && match != kind)
                throw new ConfigException($"{path}: mixes a {kind} and a {match} ([{i}]): give one `hcloud … list -o json` per file.");
            kind = match;
        }
        return (kind, items);
    }

    private static long Id(JsonElement e, string where) =>
        e.TryGetProperty("id", out var id) && id.TryGetInt64(out var v) ? v : throw new ConfigException($"{where}: no numeric 'id'.");

    private static string Str(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ConfigException($"{where}: no '{name}'.");

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static long? Long(JsonElement? e, string name) =>
        e is { } o && o.TryGetProperty(name, out var v) && v.TryGetInt64(out var l) ? l : null;

    private static LiveServer Server(JsonElement e, string where)
    {
        var ipv4 = Obj(e, "public_net") is { } pn ? Obj(pn, "ipv4") : null;
        var privateNets = e.TryGetProperty("private_net", out var pv) && pv.ValueKind == JsonValueKind.Array
            ? pv.EnumerateArray().Select(p => (Long(p, "network") ?? 0, p.TryGetProperty("ip", out var ip) ? ip.GetString() ?? "" : "")).ToList()
            : [];
        var publicNet = Obj(e, "public_net");
        var ipv6 = publicNet is { } pn6 ? Obj(pn6, "ipv6") : null;
        var firewalls = publicNet is { } pnf && pnf.TryGetProperty("firewalls", out var fws) && fws.ValueKind == JsonValueKind.Array
            ? fws.EnumerateArray().Select(f => Long(f, "id")).OfType<long>().Order().ToList() : [];
        return new LiveServer(Id(e, where), Str(e, "name", where), Obj(e, "server_type") is { } st ? Str(st, "name", where) : "?", Location(e, where),
            ipv4 is { } v4 && v4.TryGetProperty("ip", out var a) ? a.GetString() : null, Long(ipv4, "id"),
            ipv6 is not null,
            e.TryGetProperty("backup_window", out var bw) && bw.ValueKind == JsonValueKind.String, privateNets, Labels(e),
            Protection(e, "delete"), Protection(e, "rebuild"), firewalls, Long(Obj(e, "placement_group"), "id"), Long(ipv6, "id"));
    }

    /// <summary>The location's name: the API's <c>location</c>, or the older <c>datacenter.location</c> (both are printed while datacenters are phased out).</summary>
    private static string? Location(JsonElement e, string where) =>
        Obj(e, "location") is { } loc ? Str(loc, "name", where)
            : Obj(e, "datacenter") is { } dc && Obj(dc, "location") is { } dl ? Str(dl, "name", where) : null;

    private static LivePrimaryIp PrimaryIp(JsonElement e, string where) =>
        new(Id(e, where), Str(e, "name", where), Str(e, "ip", where), Str(e, "type", where), Long(e, "assignee_id"),
            e.TryGetProperty("auto_delete", out var ad) && ad.ValueKind == JsonValueKind.True, Protection(e, "delete"), Labels(e), Location(e, where));

    private static LiveNetwork Network(JsonElement e, string where) =>
        new(Id(e, where), Str(e, "name", where), Str(e, "ip_range", where),
            e.TryGetProperty("expose_routes_to_vswitch", out var x) && x.ValueKind == JsonValueKind.True,
            e.GetProperty("subnets").EnumerateArray().Select(s => new LiveSubnet(Str(s, "type", where), Str(s, "ip_range", where),
                s.TryGetProperty("network_zone", out var z) ? z.GetString() ?? "" : "", Long(s, "vswitch_id"))).ToList(), Protection(e, "delete"),
            Labels(e));

    private static LiveSshKey SshKey(JsonElement e, string where) =>
        new(Id(e, where), Str(e, "name", where), Str(e, "public_key", where), Str(e, "fingerprint", where), Labels(e));

    private static LiveFirewall Firewall(JsonElement e, string where) =>
        new(Id(e, where), Str(e, "name", where),
            e.GetProperty("applied_to").EnumerateArray().Select(a => Obj(a, "server") is { } s ? Long(s, "id") : null).OfType<long>().ToList(),
            e.GetProperty("rules").EnumerateArray().Select(r => Rule(
                r.TryGetProperty("direction", out var d) ? d.GetString() ?? "" : "", r.TryGetProperty("protocol", out var p) ? p.GetString() ?? "" : "",
                r.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.String ? port.GetString() : null,
                r.TryGetProperty("source_ips", out var ips) ? ips.EnumerateArray().Select(i => i.GetString() ?? "") : [],
                r.TryGetProperty("description", out var desc) && desc.ValueKind == JsonValueKind.String ? desc.GetString() : null)).Order().ToList());

    /// <summary>One firewall rule as text, the same for the live export and the plan, so that the two compare.</summary>
    public static string Rule(string direction, string protocol, string? port, IEnumerable<string> sourceIps, string? description) =>
        $"{direction} {protocol}/{port ?? "-"} from {string.Join(",", sourceIps.Order(StringComparer.Ordinal))} '{description ?? ""}'";

    private static string Labels(JsonElement e) =>
        e.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? string.Join(",", l.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal)) : "";

    private static bool Protection(JsonElement e, string kind) =>
        Obj(e, "protection") is { } p && p.TryGetProperty(kind, out var v) && v.ValueKind == JsonValueKind.True;
}

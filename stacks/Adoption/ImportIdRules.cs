using System.Text.RegularExpressions;
using Platform.Stacks.Config;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;

namespace Platform.Stacks.Adoption;

/// <summary>
/// Import ids have the shapes the providers parse (pulumi-hcloud v1.39.1 and pulumi-cloudflare v6.17.0,
/// sdk/dotnet/&lt;Resource&gt;.cs "Import"): hcloud ids are numbers, a subnet is <c>&lt;network-id&gt;-&lt;ip-range&gt;</c>,
/// a DNS record <c>&lt;zone_id&gt;/&lt;record_id&gt;</c> of
/// this stack's zone. A wrong one fails the first `pulumi up` half-way; here it fails before anything runs
/// (rule refused-before-the-provider).
/// <c>new</c> (<see cref="ImportIds.New"/>) declares a resource that does not run yet: valid everywhere.
/// </summary>
internal static partial class ImportIdRules
{
    public static void Check(StackSettings s, Problems p)
    {
        var h = s.Hetzner;
        foreach (var k in h.SshKeys)
            Number(p, $"{k.Key}.importId", k.ImportId, "the SSH key's id (hcloud ssh-key list)");
        var n = h.Network;
        Number(p, $"{n.Key}.importId", n.ImportId, "the network's id (hcloud network list)");
        Subnet(p, $"{n.Key}.cloudSubnetImportId", n.CloudSubnetImportId, n.ImportId, n.CloudSubnet);
        if (n.Vswitch is { } v)
            Subnet(p, $"{v.Key}.subnetImportId", v.SubnetImportId, n.ImportId, v.Subnet);
        foreach (var x in h.Servers)
        {
            Number(p, $"{x.Key}.importId", x.ImportId, "the server's id (hcloud server list)");
            Number(p, $"{x.Key}.primaryIpImportId", x.PrimaryIpImportId, "the primary IP's id (hcloud primary-ip list)");
            Number(p, $"{x.Key}.firewallImportId", x.FirewallImportId, "the firewall's id (hcloud firewall list)");
        }

        var zone = s.Dns.ZoneId;
        var records = DnsZone.Records(s.Dns);
        foreach (var r in records)
            Record(p, r.KeyOf("importId"), r.ImportId, zone);
        foreach (var twice in records.Where(r => ImportIds.Live(r.ImportId) is not null).GroupBy(r => r.ImportId).Where(g => g.Count() > 1))
            foreach (var r in twice)
                p.Add(r.ConfigKey, $"import id '{twice.Key}' is given to {twice.Count()} records ({string.Join(", ", twice.Select(x => $"{x.Type} {x.Fqdn}"))}): each live record is adopted once.");
    }

    private static void Number(Problems p, string key, string? id, string what)
    {
        if (ImportIds.Live(id) is { } live && !HcloudId().IsMatch(live))
            p.Add(key, $"'{id}' is not an hcloud id: set {what}, a number, or '{ImportIds.New}' if it does not run yet.");
    }

    private static void Subnet(Problems p, string key, string? id, string? networkId, string range)
    {
        if (ImportIds.Live(id) is not null && (ImportIds.Live(networkId) is null || id != $"{networkId}-{range}"))
            p.Add(key, $"'{id}' must be <network-id>-<ip-range>, here {ImportIds.Live(networkId) ?? "<network importId>"}-{range} (pulumi-hcloud NetworkSubnet import): set the network's importId too.");
    }

    private static void Record(Problems p, string key, string? id, string zoneId)
    {
        if (ImportIds.Live(id) is not { } live) return;
        var m = RecordId().Match(live);
        if (!m.Success)
            p.Add(key, $"'{id}' is not a Cloudflare record import id: use <zone_id>/<record_id> (32 hex characters each), as `adopt` writes it, or '{ImportIds.New}' if the record does not exist yet.");
        else if (m.Groups[1].Value != zoneId)
            p.Add(key, $"'{id}' belongs to zone {m.Groups[1].Value}, not to this stack's zone {zoneId}.");
    }

    [GeneratedRegex("^[1-9][0-9]{0,18}$")]
    private static partial Regex HcloudId();

    [GeneratedRegex("^([0-9a-f]{32})/([0-9a-f]{32})$")]
    private static partial Regex RecordId();
}

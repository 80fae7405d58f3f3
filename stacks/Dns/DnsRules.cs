using System.Text.RegularExpressions;
using Platform.Stacks.Config;
using Platform.Stacks.Hetzner;

namespace Platform.Stacks.Dns;

/// <summary>Rule ic-records-dns-only, rule proxy-where-cloudflare-can, rule unmanaged-records-untouched and rule one-owner-per-record (with the project's other stacks too).</summary>
internal static partial class DnsRules
{
    private static readonly string[] Types = ["A", "AAAA", "CNAME", "TXT", "MX", "NS"];

    /// <summary>
    /// Types whose value Cloudflare takes as structured <c>data</c> (CAA: flags, tag, value; SRV: priority,
    /// weight, port, target), never as <c>content</c> (pulumi-cloudflare v6.17.0 sdk/dotnet/DnsRecord.cs and
    /// Inputs/DnsRecordDataArgs.cs; Cloudflare API "DNS Records"). The config has no way to write that shape,
    /// so such a record would be refused at `pulumi up`: it is refused here, before anything is created.
    /// </summary>
    internal static readonly string[] DataTypes = ["CAA", "SRV"];

    public static void Check(StackSettings s, Problems p)
    {
        var dns = s.Dns;
        const string key = DnsSettings.ConfigKey;
        if (!Hostname().IsMatch(dns.Zone))
            p.Add($"{key}.zone", $"'{dns.Zone}' is not a domain name.");
        if (!ZoneId().IsMatch(dns.ZoneId))
            p.Add($"{key}.zoneId", "set the Cloudflare zone id (32 hex characters, zone overview page).");

        foreach (var ic in dns.IcDomains)
        {
            if (ic.Proxied == true)
                p.Add($"{ic.Key}.proxied", "Internet Computer records must stay DNS-only: Cloudflare's proxy and certificates break the IC's ACME challenge and canister routing. Remove 'proxied' or set it to false.");
            if (!CanisterId().IsMatch(ic.CanisterId))
                p.Add($"{ic.Key}.canisterId", $"'{ic.CanisterId}' is not a canister id (like rrkah-fqaaa-aaaaa-aaaaq-cai).");
            if (!Label().IsMatch(ic.Name))
                p.Add($"{ic.Key}.name", $"'{ic.Name}' is not a record name relative to the zone ('www', or '@' for the apex).");
            foreach (var r in ic.Records)
                CheckTtl($"{ic.Key}.{r.Field("ttl")}", r.Ttl, p);
        }

        var servers = s.Hetzner.Servers.Select(x => x.Name).Concat(s.Hetzner.Dedicated is { } d ? [d.Name] : []).ToHashSet();
        foreach (var r in dns.Records)
            CheckRecord(r, servers, p);

        var records = DnsZone.Records(dns);
        CheckUnmanaged(dns, records, p);
        CheckClashes(records, dns.Zone, p);
        SharedZone.Check(s, records, p);
    }

    private static void CheckRecord(DnsRecordSettings r, HashSet<string> servers, Problems p)
    {
        if (DataTypes.Contains(r.Type))
            p.Add($"{r.Key}.type", $"{r.Type} records are not managed here: Cloudflare takes a {r.Type} record as structured 'data', not 'content', " +
                "which this config cannot express. Keep the record in the zone as it is and list its name under platform:dns.unmanaged.");
        else if (!Types.Contains(r.Type))
            p.Add($"{r.Key}.type", $"'{r.Type}' is not a record type this stack manages: use one of {string.Join(", ", Types)}.");
        if (!Label().IsMatch(r.Name))
            p.Add($"{r.Key}.name", $"'{r.Name}' is not a record name relative to the zone ('www', '_dmarc', or '@' for the apex).");
        if ((r.Content is null) == (r.Server is null))
            p.Add($"{r.Key}", "set exactly one of 'content' and 'server' (an A record may point at a server's primary IP).");
        if (r.Server is not null && r.Type != "A")
            p.Add($"{r.Key}.server", "only an A record can point at a server's address.");
        if (r.Server is not null && !servers.Contains(r.Server))
            p.Add($"{r.Key}.server", $"no host named '{r.Server}' in platform:hetzner (known: {string.Join(", ", servers.Order())}).");
        if (r.Content is { } c)
        {
            if (r.Type == "A" && (Cidr.Address(c) is not { } a4 || a4.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
                p.Add($"{r.Key}.content", $"'{c}' is not an IPv4 address.");
            if (r.Type == "AAAA" && (Cidr.Address(c) is not { } a6 || a6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6))
                p.Add($"{r.Key}.content", $"'{c}' is not an IPv6 address.");
            if (r.Type is "CNAME" or "MX" or "NS" && !Hostname().IsMatch(c.TrimEnd('.')))
                p.Add($"{r.Key}.content", $"'{c}' is not a host name.");
        }
        if (r.Type == "MX" && r.Priority is null)
            p.Add($"{r.Key}.priority", "an MX record needs a priority (for example 10).");

        var icBoundary = DnsZone.IsIcBoundary(r.Name, r.Type, r.Content);
        if (r.Proxied == true && icBoundary)
            p.Add($"{r.Key}.proxied", "this is an Internet Computer boundary record and must stay DNS-only: set proxied to false. List the domain under platform:dns.icDomains to get all three IC records.");
        else if (r.Proxied == true && !DnsZone.ProxiableTypes.Contains(r.Type))
            p.Add($"{r.Key}.proxied", $"Cloudflare can proxy only A, AAAA and CNAME records, not {r.Type}: remove 'proxied'.");
        if (r.Proxied == true && r.Ttl is { } t && t != DnsZone.AutoTtl)
            p.Add($"{r.Key}.ttl", $"a proxied record always has TTL 1 (automatic), not {t}: remove 'ttl'.");
        CheckTtl($"{r.Key}.ttl", r.Ttl, p);
    }

    private static void CheckTtl(string key, int? ttl, Problems p)
    {
        if (ttl is { } t && t != DnsZone.AutoTtl && t is < 60 or > 86400)
            p.Add(key, $"TTL {t} is outside 60-86400 seconds (or 1 for automatic).");
    }

    private static void CheckUnmanaged(DnsSettings dns, IReadOnlyList<ManagedRecord> records, Problems p)
    {
        var patterns = dns.Unmanaged.Select((u, i) => (Key: $"{DnsSettings.ConfigKey}.unmanaged[{i}]", Pattern: u)).ToList();
        foreach (var r in records)
            foreach (var (k, pattern) in patterns)
                if (DnsZone.MatchesUnmanaged(pattern, r.Name))
                    p.Add($"{r.ConfigKey}", $"'{r.Name}' ({r.Type}) is listed as unmanaged at {k} ('{pattern}'): records owned by other systems are never touched. Remove the record or the unmanaged entry.");
    }

    private static void CheckClashes(IReadOnlyList<ManagedRecord> records, string zone, Problems p)
    {
        foreach (var g in records.GroupBy(r => (r.Fqdn, r.Type)).Where(g => g.Count() > 1))
        {
            var first = g.First();
            if (!DnsZone.MultiValueTypes.Contains(g.Key.Type))
                foreach (var r in g.Skip(1))
                    p.Add(r.ConfigKey, $"{g.Key.Type} '{g.Key.Fqdn}' is declared twice (also by {first.ConfigKey}): a {g.Key.Type} holds one value.");
            else
                foreach (var r in g.GroupBy(r => r.Content ?? r.Server).Where(c => c.Count() > 1).SelectMany(c => c.Skip(1)))
                    p.Add(r.ConfigKey, $"{g.Key.Type} '{g.Key.Fqdn}' with the same value is declared twice.");
        }
        // A CNAME owns its name alone; at the apex Cloudflare flattens it, so MX/TXT may stand beside it.
        foreach (var g in records.Where(r => r.Fqdn != zone).GroupBy(r => r.Fqdn))
            if (g.Any(r => r.Type == "CNAME") && g.Any(r => r.Type != "CNAME"))
                foreach (var r in g.Where(r => r.Type != "CNAME"))
                    p.Add(r.ConfigKey, $"'{g.Key}' has a CNAME, so it cannot also have a {r.Type} record.");
    }

    [GeneratedRegex(@"^(@|\*|[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9])?)*)$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")]
    private static partial Regex Hostname();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ZoneId();

    [GeneratedRegex("^([a-z2-7]{5}-){4}cai$")]
    private static partial Regex CanisterId();
}

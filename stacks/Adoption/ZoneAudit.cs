using Platform.Stacks.Dns;

namespace Platform.Stacks.Adopt;

/// <summary>
/// The zone half of the audit: each planned record (IC custom domains expanded) is paired with the live
/// record it would collide with, by name and type, and for multi-value types by content. Pulumi imports
/// only what the program describes exactly ("inputs to import do not match the existing resource"), so
/// every difference in content, TTL, proxy, priority or comment is reported; an IC record proxied live is
/// the outage of seeds/003 and is called so.
/// </summary>
public static class ZoneAudit
{
    public static IEnumerable<AdoptionEntry> Audit(StackSettings s, IReadOnlyList<LiveRecord> live)
    {
        var dns = s.Dns;
        var unclaimed = live.ToList();
        var entries = new List<AdoptionEntry>();
        var planned = DnsZone.Records(dns).Select(r => (Record: r, Content: Content(s, r), Key: ImportKey(dns, r))).ToList();

        // Records the stack names by id first, then exact content, then the one left of a single-value name.
        var matches = new Dictionary<ManagedRecord, LiveRecord>();
        // An id only counts for the record of its name and type: ids swapped between two records of the same content
        // (the apex's and www's _canister-id) would import each record into the other's resource and fail the up.
        foreach (var p in planned.Where(p => p.Record.ImportId is not null))
            if (unclaimed.FirstOrDefault(l => $"{dns.ZoneId}/{l.Id}" == p.Record.ImportId && Same(l, p.Record)) is { } byId)
                Claim(p.Record, byId);
        foreach (var p in planned.Where(p => !matches.ContainsKey(p.Record) && p.Content is not null))
            if (unclaimed.FirstOrDefault(l => Same(l, p.Record) && l.Content == RecordContent.Normalize(l.Type, p.Content!)) is { } exact)
                Claim(p.Record, exact);
        foreach (var p in planned.Where(p => !matches.ContainsKey(p.Record)))
        {
            var rivals = planned.Count(q => !matches.ContainsKey(q.Record) && q.Record.Fqdn == p.Record.Fqdn && q.Record.Type == p.Record.Type);
            var candidates = unclaimed.Where(l => Same(l, p.Record)).ToList();
            if (rivals == 1 && candidates.Count == 1)
                Claim(p.Record, candidates[0]);
        }

        foreach (var (r, content, key) in planned)
        {
            var what = $"{r.Type} {r.Fqdn}";
            if (!matches.TryGetValue(r, out var l))
            {
                var conflict = unclaimed.FirstOrDefault(x => Conflicts(r, x, dns.Zone));
                entries.Add(new AdoptionEntry(AdoptionGroup.Create, "dns", what, r.LogicalName, key, null, r.ImportId, [],
                    Note: r.ImportId is not null ? AdoptionReport.Stale
                        : conflict is not null ? $"{AdoptionReport.Conflict}: {conflict.Describe}" : null));
                continue;
            }
            var id = l.Id is null ? null : $"{dns.ZoneId}/{l.Id}";
            var differences = Differences(r, content, l);
            var outage = r.IcBoundary && l.Proxied;
            entries.Add(new AdoptionEntry(differences.Count > 0 ? AdoptionGroup.Differs : AdoptionGroup.Adopt, "dns", what, r.LogicalName, key,
                id, r.ImportId, differences, outage,
                outage ? "OUTAGE: an Internet Computer record proxied by Cloudflare breaks the IC's TLS and canister routing: turn the proxy off in Cloudflare now, then adopt."
                    : l.Id is null ? "the export has no record id (BIND): give the JSON export too to adopt it" : null));
        }
        foreach (var l in unclaimed)
        {
            var relative = l.Name == dns.Zone.ToLowerInvariant() ? DnsZone.Apex : l.Name[..^(dns.Zone.Length + 1)];
            // An IC custom domain's _canister-id and _acme-challenge records belong to the domain: unmanaged with it.
            var owner = new[] { DnsZone.CanisterIdPrefix + ".", DnsZone.AcmePrefix + "." }.FirstOrDefault(p => relative.StartsWith(p, StringComparison.Ordinal)) is { } prefix
                ? relative[prefix.Length..] : relative;
            var unmanaged = dns.Unmanaged.FirstOrDefault(u => DnsRules.Glob(u, relative) || DnsRules.Glob(u, owner));
            entries.Add(new AdoptionEntry(unmanaged is null ? AdoptionGroup.Extra : AdoptionGroup.Unmanaged, "dns", l.Describe, null, null,
                l.Id is null ? null : $"{dns.ZoneId}/{l.Id}", null, [],
                Note: unmanaged is null ? "live but neither planned nor unmanaged: list it under platform:dns.records (with its import id) or platform:dns.unmanaged, or delete it" : $"unmanaged ('{unmanaged}')"));
        }
        return entries;

        void Claim(ManagedRecord r, LiveRecord l)
        {
            matches[r] = l;
            unclaimed.Remove(l);
        }
    }

    /// <summary>A CNAME owns its name alone (beside A/AAAA at the apex, where Cloudflare flattens it): creating next to one fails.</summary>
    private static bool Conflicts(ManagedRecord r, LiveRecord l, string zone)
    {
        if (l.Name != r.Fqdn.ToLowerInvariant() || (r.Type != "CNAME" && l.Type != "CNAME")) return false;
        var apex = r.Fqdn.Equals(zone, StringComparison.OrdinalIgnoreCase);
        return !apex || new[] { r.Type, l.Type }.All(t => t is "CNAME" or "A" or "AAAA");
    }

    private static bool Same(LiveRecord l, ManagedRecord r) =>
        l.Type == r.Type && l.Name == r.Fqdn.ToLowerInvariant();

    /// <summary>What the record will hold: its content, or the address of the server it points at (null if not known yet).</summary>
    private static string? Content(StackSettings s, ManagedRecord r) =>
        r.Content ?? s.Hetzner.Servers.FirstOrDefault(x => x.Name == r.Server)?.PublicIp
            ?? (s.Hetzner.Dedicated is { } d && d.Name == r.Server ? d.PublicIp : null);

    private static List<string> Differences(ManagedRecord r, string? content, LiveRecord l)
    {
        var d = new List<string>();
        if (content is null)
            d.Add($"content: live {l.Content}, planned the address of the new server '{r.Server}'");
        else if (RecordContent.Normalize(r.Type, content) != l.Content)
            d.Add($"content: live {l.Content}, planned {content}");
        else if (r.Type == "TXT" && l.Raw is { } raw && raw != content)
            d.Add($"content as written: live {raw}, planned {content} (the same text served, but Pulumi compares what is written: write it the same way on one side)");
        if (r.Proxied != l.Proxied)
            d.Add($"proxied: live {Lower(l.Proxied)}, planned {Lower(r.Proxied)}");
        if (r.Ttl != l.Ttl)
            d.Add($"ttl: live {l.Ttl}, planned {r.Ttl}");
        if (r.Priority != l.Priority && (r.Priority is not null || r.Type is "MX" or "SRV"))
            d.Add($"priority: live {l.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, planned {r.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        if (l.Comment is not null && (r.Comment ?? "") != l.Comment)
            d.Add($"comment: live '{l.Comment}', planned '{r.Comment ?? ""}'");
        return d;
    }

    private static string Lower(bool b) => b ? "true" : "false";

    /// <summary>The config key of a record's import id; an IC custom domain has one per record.</summary>
    private static string ImportKey(DnsSettings dns, ManagedRecord r)
    {
        if (!r.ConfigKey.StartsWith($"{DnsSettings.ConfigKey}.icDomains[", StringComparison.Ordinal))
            return $"{r.ConfigKey}.importId";
        if (r.Name.StartsWith(DnsZone.CanisterIdPrefix, StringComparison.Ordinal))
            return $"{r.ConfigKey}.canisterIdImportId";
        if (r.Name.StartsWith(DnsZone.AcmePrefix, StringComparison.Ordinal))
            return $"{r.ConfigKey}.acmeChallengeImportId";
        return $"{r.ConfigKey}.importId";
    }
}

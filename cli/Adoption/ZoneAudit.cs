using Platform.Stacks;
using Platform.Stacks.Adoption;
using Platform.Stacks.Dns;
using Platform.Stacks.Plan;

namespace Platform.Cli.Adoption;

/// <summary>
/// The zone half of the audit: each planned record (IC custom domains expanded) is paired with the live
/// record it would collide with, by name and type, and for multi-value types by content. An IC record proxied
/// live is the outage of docs/sources/hello-world-dao-infrastructure.txt and is called so. A live record the project's other stacks manage is theirs
/// (<see cref="SharedZone"/>), never an extra to delete.
/// </summary>
/// <remarks>
/// What an import reads: cloudflare/terraform-provider-cloudflare v5.19.1 (the upstream submodule of
/// pulumi-cloudflare v6.17.0, commit b2277b8b) internal/services/dns_record/resource.go <c>ImportState</c> (and
/// <c>Read</c>) unmarshal the API's record into the model (model.go): name, type, content, priority, proxied, ttl,
/// comment, tags, settings, data, private_routing; zone_id comes from the import id. The program sets name (the FQDN,
/// which the API returns), type (RequiresReplace), content, proxied, ttl, priority when given and comment when
/// configured (components/Dns/DnsRecords.cs). Since Pulumi v3.174 an import that differs is followed by an update
/// (pulumi/pulumi#19339), so every one of those is compared. comment is optional and not computed (schema.go): a
/// live comment the program does not set would be removed and one it sets added, so it is compared exactly, no
/// comment (the API's null) and an empty one apart, and the stack invents none. tags and settings are optional and
/// computed, and ModifyPlan keeps the state's when the program sets none: not compared. CNAME content compares
/// without case (ModifyPlan); TXT content as the API holds it, quotes included.
/// </remarks>
public static class ZoneAudit
{
    public static IEnumerable<AdoptionEntry> Audit(StackSettings s, IReadOnlyList<LiveRecord> live)
    {
        var dns = s.Dns;
        var unclaimed = live.ToList();
        var entries = new List<AdoptionEntry>();
        // The records as the plan holds them (each IC domain's, then the others): a record that names a host carries the
        // address the plan decided for it, known where the host runs today (null for a server not created yet).
        var zone = PlanBuilder.Build(s).Dns;
        var planned = zone.IcDomains.SelectMany(d => d.Records).Concat(zone.Records)
            .Select(r => (Record: r, Content: r.Content ?? r.Address?.Known, Key: r.KeyOf("importId"))).ToList();

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
                var blocker = ImportIds.Live(r.ImportId) is not null ? AdoptionBlocker.ImportIdNotLive
                    : conflict is not null ? AdoptionBlocker.ClashesWithLiveRecord : AdoptionBlocker.None;
                entries.Add(new AdoptionEntry(AdoptionGroup.Create, "dns", what, r.LogicalName, key, null, r.ImportId, [],
                    Note: AdoptionReport.Explain(blocker, conflict?.Describe), Blocker: blocker));
                continue;
            }
            var id = l.Id is null ? null : $"{dns.ZoneId}/{l.Id}";
            var differences = Differences(r, content, l);
            var outage = r.IcBoundary && l.Proxied;
            var cosmetics = Cosmetics(r, l, differences);
            entries.Add(new AdoptionEntry(differences.Count > 0 ? AdoptionGroup.Differs : AdoptionGroup.Adopt, "dns", what, r.LogicalName, key,
                id, r.ImportId, differences.Select(d => d.Text).ToList(), outage,
                outage ? "OUTAGE: an Internet Computer record proxied by Cloudflare breaks the IC's TLS and canister routing: turn the proxy off in Cloudflare now, then adopt."
                    : l.Id is null ? "the export has no record id (BIND): give the JSON export too to adopt it"
                    : r.ImportId == ImportIds.New ? $"declared '{ImportIds.New}' but it runs today: --write puts its id there"
                    : cosmetics is not null ? "only its comment or TTL differ: --write --live-cosmetics copies the live values into the stack file" : null,
                Cosmetics: cosmetics));
        }
        foreach (var l in unclaimed)
        {
            if (SharedZone.Claimant(s, l.Name, l.Type, l.Content) is var (other, theirs))
            {
                entries.Add(new AdoptionEntry(AdoptionGroup.Unmanaged, "dns", l.Describe, null, null, l.Id is null ? null : $"{dns.ZoneId}/{l.Id}", null, [],
                    Note: $"managed by stack '{other.Name}' ({theirs.ConfigKey} in {Path.GetFileName(other.Path)})", ManagedBy: other.Name));
                continue;
            }
            var relative = l.Name == dns.Zone.ToLowerInvariant() ? DnsZone.Apex : l.Name[..^(dns.Zone.Length + 1)];
            // An IC custom domain's _canister-id and _acme-challenge records belong to the domain: unmanaged with it.
            var owner = new[] { DnsZone.CanisterIdPrefix + ".", DnsZone.AcmePrefix + "." }.FirstOrDefault(p => relative.StartsWith(p, StringComparison.Ordinal)) is { } prefix
                ? relative[prefix.Length..] : relative;
            var unmanaged = dns.Unmanaged.FirstOrDefault(u => DnsZone.MatchesUnmanaged(u, relative) || DnsZone.MatchesUnmanaged(u, owner));
            entries.Add(new AdoptionEntry(unmanaged is null ? AdoptionGroup.Extra : AdoptionGroup.Unmanaged, "dns", l.Describe, null, null,
                l.Id is null ? null : $"{dns.ZoneId}/{l.Id}", null, [],
                Note: unmanaged is null ? "live but managed by no stack of this project and not unmanaged: list it under platform:dns.records (with its import id) or platform:dns.unmanaged, or delete it" : $"unmanaged ('{unmanaged}')"));
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

    private static List<(string Field, string Text)> Differences(ManagedRecord r, string? content, LiveRecord l)
    {
        var d = new List<(string, string)>();
        if (content is null)
            d.Add(("content", $"content: live {l.Content}, planned the address of the new server '{r.Server}'"));
        else if (RecordContent.Normalize(r.Type, content) != l.Content)
            d.Add(("content", $"content: live {l.Content}, planned {content}"));
        else if (r.Type == "TXT" && l.Raw is { } raw && raw != content)
            d.Add(("content", $"content as written: live {raw}, planned {content} (the same text served, but Pulumi compares what is written: write it the same way on one side)"));
        if (r.Proxied != l.Proxied)
            d.Add(("proxied", $"proxied: live {Lower(l.Proxied)}, planned {Lower(r.Proxied)}"));
        if (r.Ttl != l.Ttl)
            d.Add(("ttl", $"ttl ({r.KeyOf("ttl")}): live {l.Ttl}, planned {r.Ttl}"));
        if (r.Priority != l.Priority && (r.Priority is not null || r.Type is "MX" or "SRV"))
            d.Add(("priority", $"priority: live {l.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, planned {r.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"));
        if (l.CommentKnown && l.Comment != r.Comment)
            d.Add(("comment", $"comment ({r.KeyOf("comment")}): live {Quoted(l.Comment)}, planned {Quoted(r.Comment)}"));
        return d;
    }

    /// <summary>
    /// When a record differs only in its comment or TTL (what the stack may take from the zone as it is), the values
    /// that make the import match. A live record without a comment, where the stack sets one, needs the key removed:
    /// that is left to the operator.
    /// </summary>
    private static IReadOnlyList<ConfigWrite>? Cosmetics(ManagedRecord r, LiveRecord l, List<(string Field, string Text)> differences)
    {
        if (differences.Count == 0 || differences.Any(d => d.Field is not ("comment" or "ttl")))
            return null;
        var writes = new List<ConfigWrite>();
        if (differences.Any(d => d.Field == "ttl"))
            writes.Add(new ConfigWrite(r.KeyOf("ttl"), l.Ttl.ToString(System.Globalization.CultureInfo.InvariantCulture), Quoted: false));
        if (differences.Any(d => d.Field == "comment"))
        {
            if (l.Comment is null)
                return null;
            writes.Add(new ConfigWrite(r.KeyOf("comment"), l.Comment));
        }
        return writes;
    }

    private static string Quoted(string? comment) => comment is null ? "none" : $"'{comment}'";

    private static string Lower(bool b) => b ? "true" : "false";
}

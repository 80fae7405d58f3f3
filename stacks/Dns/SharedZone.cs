using Platform.Stacks.Config;

namespace Platform.Stacks.Dns;

/// <summary>
/// The Cloudflare zone is shared by the project's stacks (production's records and staging's `staging-*` ones
/// live side by side). Each stack knows the others' records from their stack files (<see cref="ProjectStacks"/>):
/// `adopt` reports a live record another stack manages as that stack's, and a record two stacks both claim is a
/// validation error, since each `pulumi up` would take it over from the other (or fail on Cloudflare's duplicate).
/// </summary>
public static class SharedZone
{
    /// <summary>The records the project's other stacks manage in this stack's zone.</summary>
    public static IEnumerable<(OtherStack Stack, ManagedRecord Record)> OthersRecords(StackSettings s) =>
        s.OtherStacks.Where(o => SameZone(o.Settings.Dns, s.Dns))
            .SelectMany(o => DnsZone.Records(o.Settings.Dns).Select(r => (o, r)));

    /// <summary>The other stack that manages a record like this one (the same live record, or its name for a CNAME).</summary>
    public static (OtherStack Stack, ManagedRecord Record)? Claimant(StackSettings s, string fqdn, string type, string? content) =>
        OthersRecords(s).Where(o => Collide(o.Record, fqdn, type, content, s.Dns.Zone)).Cast<(OtherStack, ManagedRecord)?>().FirstOrDefault();

    /// <summary>A record of this stack that another stack also manages: one error per record, naming the other stack's key.</summary>
    internal static void Check(StackSettings s, IReadOnlyList<ManagedRecord> records, Problems p)
    {
        foreach (var r in records)
            if (Claimant(s, r.Fqdn, r.Type, r.Content) is var (other, theirs))
                p.Add(r.ConfigKey, $"{r.Type} '{r.Fqdn}' is also managed by stack '{other.Name}' ({theirs.ConfigKey} in {Path.GetFileName(other.Path)}): " +
                    "the stacks share the zone and a record belongs to one of them; remove it from one stack.");
    }

    private static bool SameZone(DnsSettings a, DnsSettings b) =>
        a.ZoneId.Length > 0 ? a.ZoneId == b.ZoneId : a.Zone.Equals(b.Zone, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The same record: one name and type, and for types that hold several values the same value (two stacks may
    /// each keep a TXT at the apex). A CNAME owns its name alone, except at the apex where Cloudflare flattens it.
    /// </summary>
    private static bool Collide(ManagedRecord theirs, string fqdn, string type, string? content, string zone)
    {
        if (!theirs.Fqdn.Equals(fqdn, StringComparison.OrdinalIgnoreCase))
            return false;
        if (theirs.Type == type)
            return !DnsZone.MultiValueTypes.Contains(type) || theirs.Content is null || content is null
                || RecordContent.Normalize(type, theirs.Content) == RecordContent.Normalize(type, content);
        return (theirs.Type == "CNAME" || type == "CNAME") && !fqdn.Equals(zone, StringComparison.OrdinalIgnoreCase);
    }
}

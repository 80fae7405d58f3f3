namespace Platform.Stacks.Adopt;

/// <summary>The four groups of seeds/003's pre-cutover checklist, and what is left alone on purpose.</summary>
public enum AdoptionGroup { Adopt, Create, Differs, Extra, Unmanaged }

/// <summary>
/// One planned or live thing, in exactly one group. <see cref="ConfigKey"/> is where its import id lives
/// (<c>platform:dns.icDomains[1].canisterIdImportId</c>); <see cref="ImportId"/> the id the live export gives;
/// <see cref="ConfiguredId"/> what the stack file says today.
/// </summary>
public sealed record AdoptionEntry(
    AdoptionGroup Group, string Kind, string What, string? Resource, string? ConfigKey, string? ImportId, string? ConfiguredId,
    IReadOnlyList<string> Differences, bool Outage = false, string? Note = null)
{
    /// <summary>
    /// Runs today, is planned, and the stack file does not carry its id: the first up would create it again. A record
    /// read from a BIND export has no id to compare; it is created twice unless the stack names one. An entry without
    /// a config key takes no id (a server's network attachment: the provider's create accepts the live one).
    /// </summary>
    public bool CreatedTwice => Group is AdoptionGroup.Adopt or AdoptionGroup.Differs && ConfigKey is not null
        && (ImportId is null ? ConfiguredId is null : ConfiguredId != ImportId);
}

/// <summary>The whole audit: every planned resource and every live one, each in one group.</summary>
public sealed record AdoptionReport(string Stack, IReadOnlyList<AdoptionEntry> Entries, IReadOnlyList<string> NotChecked, int LiveRecords)
{
    public IEnumerable<AdoptionEntry> In(AdoptionGroup g) => Entries.Where(e => e.Group == g);

    /// <summary>Ids the stack file lacks (or has wrong) and the export gives: what `--write` fills in.</summary>
    public IReadOnlyList<AdoptionEntry> ToWrite => Entries.Where(e => e.CreatedTwice && e.ImportId is not null && e.ConfigKey is not null).ToList();

    /// <summary>
    /// Exit 1 while anything would be created twice (an id missing, or unknown because the export has none),
    /// a configured id is not live, a record to create clashes with a live CNAME, or an IC record is proxied live (seeds/003's outage).
    /// </summary>
    public bool Blocks(bool written) =>
        Entries.Any(e => e.Outage || e.Note is Stale || (e.Note?.StartsWith(Conflict, StringComparison.Ordinal) ?? false) || (e.CreatedTwice && !(written && e.ImportId is not null && e.ConfigKey is not null)));

    public const string Conflict = "Cloudflare refuses to create it beside the live record of the same name";

    public const string Stale = "the configured import id is not in the export: the import would fail (or the export is not of this zone)";
}

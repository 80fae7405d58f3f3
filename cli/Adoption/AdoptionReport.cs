using Platform.Stacks.Adoption;

namespace Platform.Cli.Adoption;

/// <summary>The four groups of the pre-cutover checklist (docs/sources/hello-world-dao-infrastructure.txt "Zone Migration — Pre-Cutover Checklist"), and what is left alone on purpose.</summary>
public enum AdoptionGroup { Adopt, Create, Differs, Extra, Unmanaged }

/// <summary>
/// What makes an entry stop the first up, besides an import id `--write` can fill in: each blocks `adopt` (exit 1)
/// and is counted in its summary. Decided where the entry is made; its note says it to a person (<see cref="AdoptionReport.Explain"/>).
/// </summary>
public enum AdoptionBlocker
{
    None,

    /// <summary>The configured import id is not in the export: the import would fail (or the export is not of this zone).</summary>
    ImportIdNotLive,

    /// <summary>A record to create beside a live record of its name that Cloudflare refuses it next to (a CNAME owns its name).</summary>
    ClashesWithLiveRecord,
}

/// <summary>One value `adopt --write` puts into the stack file; numbers are written bare (a TTL), the rest quoted.</summary>
public sealed record ConfigWrite(string Key, string Value, bool Quoted = true);

/// <summary>
/// One planned or live thing, in exactly one group. <see cref="ConfigKey"/> is where its import id lives
/// (<c>platform:dns.icDomains[1].canisterIdImportId</c>); <see cref="ImportId"/> the id the live export gives;
/// <see cref="ConfiguredId"/> what the stack file says today (an id, <c>new</c>, or null). <see cref="ManagedBy"/>
/// names the project's other stack that manages a live thing. <see cref="Cosmetics"/>: where a record differs
/// only in its comment or TTL, the config values that make it import as it runs (`--write --live-cosmetics`).
/// <see cref="Blocker"/>: what stops the first up for it, if anything; <see cref="Note"/> is for a person to read.
/// </summary>
public sealed record AdoptionEntry(
    AdoptionGroup Group, string Kind, string What, string? Resource, string? ConfigKey, string? ImportId, string? ConfiguredId,
    IReadOnlyList<string> Differences, bool Outage = false, string? Note = null, string? ManagedBy = null,
    IReadOnlyList<ConfigWrite>? Cosmetics = null, AdoptionBlocker Blocker = AdoptionBlocker.None)
{
    /// <summary>
    /// Runs today, is planned, and the stack file does not carry its id: the first up would create it again. A record
    /// read from a BIND export has no id to compare; it is created twice unless the stack names one. An entry without
    /// a config key takes no id (a server's network attachment: the provider's create accepts the live one). A
    /// resource declared <c>new</c> that runs today is created twice too: `--write` replaces the declaration with its id.
    /// </summary>
    public bool CreatedTwice => Group is AdoptionGroup.Adopt or AdoptionGroup.Differs && ConfigKey is not null
        && (ImportId is null ? ImportIds.Live(ConfiguredId) is null : ConfiguredId != ImportId);

    /// <summary>
    /// Planned, not live, nothing blocks it, nothing noted about it (a server configured with an address the export
    /// lacks), and nobody has said so in config yet: `--write` declares it <c>new</c>.
    /// </summary>
    public bool ToDeclareNew => Group == AdoptionGroup.Create && ConfigKey is not null && ConfiguredId is null
        && Blocker == AdoptionBlocker.None && Note is null;

    /// <summary>What `--write` puts at <see cref="ConfigKey"/>: the live id, or <c>new</c>; null when nothing.</summary>
    public ConfigWrite? IdWrite =>
        CreatedTwice && ImportId is not null ? new ConfigWrite(ConfigKey!, ImportId)
        : ToDeclareNew ? new ConfigWrite(ConfigKey!, ImportIds.New) : null;
}

/// <summary>The whole audit: every planned resource and every live one, each in one group.</summary>
public sealed record AdoptionReport(string Stack, IReadOnlyList<AdoptionEntry> Entries, IReadOnlyList<string> NotChecked, int LiveRecords)
{
    public IEnumerable<AdoptionEntry> In(AdoptionGroup g) => Entries.Where(e => e.Group == g);

    /// <summary>Ids the stack file lacks (or has wrong) and the export gives, and <c>new</c> for what is not live: what `--write` fills in.</summary>
    public IReadOnlyList<AdoptionEntry> ToWrite => Entries.Where(e => e.IdWrite is not null).ToList();

    /// <summary>Records whose only differences are cosmetic (comment, TTL): what `--write --live-cosmetics` also writes.</summary>
    public IReadOnlyList<AdoptionEntry> CosmeticsToWrite => Entries.Where(e => e.Cosmetics is { Count: > 0 }).ToList();

    /// <summary>Every value `--write` puts into the stack file.</summary>
    public IReadOnlyList<ConfigWrite> Writes(bool liveCosmetics) =>
        [.. ToWrite.Select(e => e.IdWrite!), .. liveCosmetics ? CosmeticsToWrite.SelectMany(e => e.Cosmetics!) : []];

    /// <summary>Still created a second time after this run (its id was not written).</summary>
    public static bool StillCreatedTwice(AdoptionEntry e, bool written) => e.CreatedTwice && !(written && e.ImportId is not null);

    /// <summary>
    /// Exit 1 while anything would be created twice (an id missing, or unknown because the export has none),
    /// a configured id is not live, a record to create clashes with a live CNAME, or an IC record is proxied live (the outage of docs/sources/hello-world-dao-infrastructure.txt "Why this checklist exists").
    /// </summary>
    public bool Blocks(bool written) =>
        Entries.Any(e => e.Outage || e.Blocker != AdoptionBlocker.None || StillCreatedTwice(e, written));

    /// <summary>How many entries a blocker stops.</summary>
    public int Count(AdoptionBlocker blocker) => Entries.Count(e => e.Blocker == blocker);

    /// <summary>A blocker as its entry's note says it (with what it clashes with), or null for none.</summary>
    public static string? Explain(AdoptionBlocker blocker, string? detail = null) => blocker switch
    {
        AdoptionBlocker.ImportIdNotLive => "the configured import id is not in the export: the import would fail (or the export is not of this zone)",
        AdoptionBlocker.ClashesWithLiveRecord => "Cloudflare refuses to create it beside the live record of the same name" + (detail is null ? "" : $": {detail}"),
        _ => null,
    };
}

using Platform.Stacks.Plan;

namespace Platform.Stacks.Dns;

/// <summary>
/// A DNS record the stack owns, after IC custom domains are expanded. Either <see cref="Content"/> or
/// <see cref="Server"/> is set: an A record may point at a host's address (config names the host; the plan
/// resolves the name into <see cref="Address"/>, a cloud server's primary IP known only at deploy time).
/// <see cref="ImportId"/> is as configured (an id, <c>new</c>, or null). <see cref="Comment"/> is null unless
/// configured: the stack invents none, so what it writes for an adopted record is what runs.
/// </summary>
public sealed record ManagedRecord(
    string ConfigKey, string LogicalName, string Name, string Fqdn, string Type,
    string? Content, string? Server, bool Proxied, int Ttl, int? Priority, string? Comment, string? ImportId,
    bool IcBoundary)
{
    /// <summary>
    /// The address of the host <see cref="Server"/> names, set by the plan (null in the records rules and adoption read
    /// from config): a cloud server's primary IP output, the dedicated server's known address.
    /// </summary>
    public PublicAddress? Address { get; init; }

    /// <summary>
    /// What the record holds, as a plan input: its content, or the host's address. A cloud server's is its primary IP's
    /// output, shown as such even where the plan knows the value: the record follows the IP.
    /// </summary>
    public object? ContentInput => Content ?? (Address?.Output is { } ip ? new ReferenceInput(ip) : (object?)Address?.Known);

    /// <summary>How this record's keys are named on its config entry: "" for a record, the IC record's prefix for an IC domain's.</summary>
    public string FieldPrefix { get; init; } = "";

    /// <summary>The full key of one of this record's settings: <c>KeyOf("importId")</c> is <c>platform:dns.icDomains[1].canisterIdImportId</c>.</summary>
    public string KeyOf(string field) => $"{ConfigKey}.{IcRecordSettings.Prefixed(FieldPrefix, field)}";
}

namespace Platform.Stacks.Dns;

/// <summary>
/// A DNS record the stack owns, after IC custom domains are expanded. Either <see cref="Content"/> or
/// <see cref="Server"/> is set: an A record may point at a server's primary IP, known only at deploy time.
/// <see cref="ImportId"/> is as configured (an id, <c>new</c>, or null). <see cref="Comment"/> is null unless
/// configured: the stack invents none, so what it writes for an adopted record is what runs.
/// </summary>
public sealed record ManagedRecord(
    string ConfigKey, string LogicalName, string Name, string Fqdn, string Type,
    string? Content, string? Server, bool Proxied, int Ttl, int? Priority, string? Comment, string? ImportId,
    bool IcBoundary)
{
    /// <summary>How this record's keys are named on its config entry: "" for a record, the IC record's prefix for an IC domain's.</summary>
    public string FieldPrefix { get; init; } = "";

    /// <summary>The full key of one of this record's settings: <c>KeyOf("importId")</c> is <c>platform:dns.icDomains[1].canisterIdImportId</c>.</summary>
    public string KeyOf(string field) => $"{ConfigKey}.{IcRecordSettings.Prefixed(FieldPrefix, field)}";
}

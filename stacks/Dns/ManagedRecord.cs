namespace Platform.Stacks.Dns;

/// <summary>
/// A DNS record the stack owns, after IC custom domains are expanded. Either <see cref="Content"/> or
/// <see cref="Server"/> is set: an A record may point at a server's primary IP, known only at deploy time.
/// </summary>
public sealed record ManagedRecord(
    string ConfigKey, string LogicalName, string Name, string Fqdn, string Type,
    string? Content, string? Server, bool Proxied, int Ttl, int? Priority, string? Comment, string? ImportId,
    bool IcBoundary);

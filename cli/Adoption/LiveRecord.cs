namespace Platform.Cli.Adoption;

/// <summary>
/// One record as the zone serves it today, read from an export. <see cref="Id"/> is Cloudflare's record id
/// (the JSON list has it, a BIND export does not); <see cref="Comment"/> is the API's: null when the record has none
/// (the API's <c>"comment": null</c>), and unknown when <see cref="CommentKnown"/> is false (a BIND export has none).
/// Names are absolute without the trailing dot, lower case; <see cref="Content"/> is as the record holds it
/// (TXT without the zone-file quoting, host names without the trailing dot). <see cref="Raw"/> is the content
/// exactly as the API holds it (null from a BIND export): Cloudflare keeps TXT content quoted or not as it was
/// written, and Pulumi compares that text, not what DNS serves, when it imports.
/// </summary>
public sealed record LiveRecord(
    string? Id, string Name, string Type, string Content, bool Proxied, int Ttl, int? Priority, string? Comment, string Source,
    string? Raw = null, bool CommentKnown = true)
{
    public string Describe => $"{Type} {Name} {Content}";
}

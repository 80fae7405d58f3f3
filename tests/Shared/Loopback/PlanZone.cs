using Platform.Cli.Verify;

namespace Platform.Tests.Loopback;

/// <summary>
/// The zone file lines that answer exactly as the plan says, as Cloudflare's nameservers would: a proxied
/// name answers Cloudflare addresses, a CNAME at the apex is flattened into its target's (non-Cloudflare)
/// addresses, a record pointing at a server whose address only Pulumi knows answers some address.
/// </summary>
public static class PlanZone
{
    public const string CloudflareAddress = "104.16.132.229";
    public const string FlattenedAddress = "203.0.113.10";
    public const string ServerAddress = "198.51.100.20";

    public static List<string> Lines(VerifyTargets targets) => targets.Records.SelectMany(Lines).ToList();

    public static IEnumerable<string> Lines(DnsExpectation r) => r switch
    {
        { Proxied: true } => [$"{r.Fqdn}. A {CloudflareAddress}"],
        { Type: "CNAME", AtApex: true } => [$"{r.Fqdn}. A {FlattenedAddress}"],
        { Values.Count: 0 } => [$"{r.Fqdn}. A {ServerAddress}"],
        { Type: "CNAME" or "NS" } => r.Values.Select(v => $"{r.Fqdn}. {r.Type} {v}."),
        { Type: "MX" } => r.Values.Select(v => $"{r.Fqdn}. MX {v}."),
        // A TXT string holds at most 255 bytes (RFC 1035 3.3.14): a longer value is served as several, as Cloudflare does.
        { Type: "TXT" } => r.Values.Select(v => $"{r.Fqdn}. TXT {string.Join(" ", v.Chunk(255).Select(c => $"\"{new string(c)}\""))}"),
        _ => r.Values.Select(v => $"{r.Fqdn}. {r.Type} {v}"),
    };

    /// <summary>The zone with the lines of one name replaced: the drift the tests introduce.</summary>
    public static List<string> Replace(List<string> lines, string fqdn, params string[] with) =>
        lines.Where(l => !l.StartsWith(fqdn + ". ", StringComparison.Ordinal)).Concat(with).ToList();
}

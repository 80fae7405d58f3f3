using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Stacks.Dns;

/// <summary>
/// Turns the DNS section into the records the stack manages. An IC custom domain expands, per the IC
/// custom-domains documentation, into three DNS-only records: CNAME to <c>&lt;domain&gt;.icp1.io</c>, TXT
/// <c>_canister-id.&lt;domain&gt;</c>, CNAME <c>_acme-challenge.&lt;domain&gt;</c> to <c>….icp2.io</c>. DNS-only
/// because Cloudflare's proxy and certificates break the IC's ACME challenge and canister routing (docs/sources/hello-world-dao-infrastructure.txt).
/// </summary>
public static class DnsZone
{
    public const string Apex = "@";

    /// <summary>Cloudflare's "automatic" TTL, the only one a proxied record may have.</summary>
    public const int AutoTtl = 1;

    public const string IcBoundaryDomain = "icp1.io";
    public const string IcAcmeDomain = "icp2.io";
    public static readonly string[] IcBoundarySuffixes = [".icp1.io", ".icp0.io", ".ic0.app"];
    public const string CanisterIdPrefix = "_canister-id";
    public const string AcmePrefix = "_acme-challenge";

    /// <summary>Record types that may hold several values under one name.</summary>
    public static readonly string[] MultiValueTypes = ["A", "AAAA", "TXT", "MX", "NS", "CAA", "SRV"];
    public static readonly string[] ProxiableTypes = ["A", "AAAA", "CNAME"];

    /// <summary>Every record the stack manages: each IC custom domain's three, then the plain records.</summary>
    public static IReadOnlyList<ManagedRecord> Records(DnsSettings dns) => Zone(dns).All;

    /// <summary>The zone's records as the plan needs them: each IC custom domain with its own three, and the plain records.</summary>
    public static ZoneRecords Zone(DnsSettings dns)
    {
        var ic = dns.IcDomains.Select(d =>
        {
            var fqdn = Fqdn(d.Name, dns.Zone);
            return new IcDomainRecords(d,
            [
                Ic(d, d.Cname, "CNAME", d.Name, dns.Zone, $"{fqdn}.{IcBoundaryDomain}"),
                Ic(d, d.CanisterIdTxt, "TXT", Prefixed(CanisterIdPrefix, d.Name), dns.Zone, d.CanisterId),
                Ic(d, d.AcmeChallenge, "CNAME", Prefixed(AcmePrefix, d.Name), dns.Zone, $"{AcmePrefix}.{fqdn}.{IcAcmeDomain}"),
            ]);
        }).ToList();
        var plain = dns.Records.Select(r => new ManagedRecord(r.Key, "", r.Name, Fqdn(r.Name, dns.Zone), r.Type, r.Content, r.Server,
            r.Proxied ?? false, r.Ttl ?? AutoTtl, r.Priority, r.Comment, r.ImportId, IsIcBoundary(r.Name, r.Type, r.Content))).ToList();

        var shared = ic.SelectMany(d => d.Records).Concat(plain)
            .GroupBy(r => (r.Type, r.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return new ZoneRecords(
            [.. ic.Select(d => d with { Records = [.. d.Records.Select(r => Named(r, shared))] })],
            [.. plain.Select(r => Named(r, shared))]);
    }

    public static string Fqdn(string name, string zone) => name == Apex ? zone : $"{name}.{zone}";

    /// <summary>Is this one of the IC's boundary records, which must never be proxied (rule ic-records-dns-only)?</summary>
    public static bool IsIcBoundary(string name, string type, string? content)
    {
        var target = (content ?? "").TrimEnd('.').ToLowerInvariant();
        return type switch
        {
            "CNAME" when name.StartsWith(AcmePrefix, StringComparison.Ordinal) => target.EndsWith($".{IcAcmeDomain}", StringComparison.Ordinal),
            "CNAME" => IcBoundarySuffixes.Any(s => target.EndsWith(s, StringComparison.Ordinal) || target == s[1..]),
            "TXT" => name.StartsWith(CanisterIdPrefix, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static string Prefixed(string prefix, string name) => name == Apex ? prefix : $"{prefix}.{name}";

    private static ManagedRecord Ic(IcDomainSettings ic, IcRecordSettings r, string type, string name, string zone, string content) =>
        new(ic.Key, "", name, Fqdn(name, zone), type, content, null, Proxied: false, r.Ttl ?? AutoTtl, null, r.Comment, r.ImportId, IcBoundary: true)
        {
            FieldPrefix = r.Prefix,
        };

    /// <summary>
    /// Logical names are stable: <c>dns-&lt;type&gt;-&lt;name&gt;</c>; where several records of the zone share a name
    /// and type (<paramref name="shared"/>: multi-value types), a short hash of the content tells them apart.
    /// </summary>
    private static ManagedRecord Named(ManagedRecord r, HashSet<(string Type, string Name)> shared)
    {
        var slug = $"dns-{r.Type.ToLowerInvariant()}-{(r.Name == Apex ? "apex" : r.Name.Replace('.', '-'))}";
        if (shared.Contains((r.Type, r.Name)))
            slug += "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r.Content ?? r.Server ?? "")))[..6];
        return r with { LogicalName = slug };
    }

    /// <summary>Whether a record name is covered by an unmanaged entry: it may end in '*' (for example 'staging-*'), which matches any characters.</summary>
    public static bool MatchesUnmanaged(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant);
}

/// <summary>The records of a zone: each IC custom domain's (grouped by the domain that makes them), then the plain records.</summary>
public sealed record ZoneRecords(IReadOnlyList<IcDomainRecords> IcDomains, IReadOnlyList<ManagedRecord> Records)
{
    public IReadOnlyList<ManagedRecord> All => [.. IcDomains.SelectMany(d => d.Records), .. Records];
}

/// <summary>An IC custom domain and its three records: the CNAME, the <c>_canister-id</c> TXT, the <c>_acme-challenge</c> CNAME.</summary>
public sealed record IcDomainRecords(IcDomainSettings Domain, IReadOnlyList<ManagedRecord> Records);

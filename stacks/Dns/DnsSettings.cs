using Platform.Stacks.Config;

namespace Platform.Stacks.Dns;

public sealed record DnsSettings(
    string Zone, string ZoneId, IReadOnlyList<string> Unmanaged,
    IReadOnlyList<IcDomainSettings> IcDomains, IReadOnlyList<DnsRecordSettings> Records, bool RegisterIcDomains)
{
    public const string ConfigKey = "platform:dns";

    public static DnsSettings Read(Section s)
    {
        var settings = new DnsSettings(
            s.String("zone"), s.String("zoneId"), s.Strings("unmanaged"),
            s.Sections("icDomains", d => new IcDomainSettings(d.Key, d.String("name"), d.String("canisterId"),
                d.OptionalBool("proxied"), IcRecordSettings.Read(d, IcRecordSettings.CnamePrefix),
                IcRecordSettings.Read(d, IcRecordSettings.CanisterIdPrefix), IcRecordSettings.Read(d, IcRecordSettings.AcmeChallengePrefix))),
            s.Sections("records", DnsRecordSettings.Read),
            s.Bool("registerIcDomains", false));
        s.Done();
        return settings;
    }
}

/// <summary>
/// An Internet Computer custom domain; <see cref="Proxied"/> exists only so that asking for a proxy is an error.
/// Each of its three records has its own settings (<see cref="IcRecordSettings"/>): <see cref="Cname"/> the CNAME,
/// <see cref="CanisterIdTxt"/> the <c>_canister-id</c> TXT, <see cref="AcmeChallenge"/> the <c>_acme-challenge</c>
/// CNAME. Cloudflare refuses a second CNAME or an identical TXT, so all three must be adopted.
/// </summary>
public sealed record IcDomainSettings(
    string Key, string Name, string CanisterId, bool? Proxied, IcRecordSettings Cname, IcRecordSettings CanisterIdTxt, IcRecordSettings AcmeChallenge)
{
    public IReadOnlyList<IcRecordSettings> Records => [Cname, CanisterIdTxt, AcmeChallenge];
}

/// <summary>
/// One record of an IC custom domain: its import id (<c>&lt;zone_id&gt;/&lt;record_id&gt;</c>, or <c>new</c>), its comment
/// (none unless set: a record adopted from the zone keeps what it has, and `adopt --write --live-cosmetics` can
/// copy it here) and its TTL (automatic unless set). The keys sit on the domain, prefixed per record:
/// <c>importId</c>, <c>comment</c>, <c>ttl</c> for the CNAME; <c>canisterIdImportId</c>, <c>canisterIdComment</c>,
/// <c>canisterIdTtl</c>; <c>acmeChallengeImportId</c>, <c>acmeChallengeComment</c>, <c>acmeChallengeTtl</c>.
/// </summary>
public sealed record IcRecordSettings(string Prefix, string? ImportId, string? Comment, int? Ttl)
{
    public const string CnamePrefix = "";
    public const string CanisterIdPrefix = "canisterId";
    public const string AcmeChallengePrefix = "acmeChallenge";

    /// <summary>The name of one of this record's keys on its domain: <c>Field("ttl")</c> is <c>canisterIdTtl</c>.</summary>
    public string Field(string name) => Prefixed(Prefix, name);

    public static string Prefixed(string prefix, string name) =>
        prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];

    public static IcRecordSettings Read(Section s, string prefix)
    {
        var ttl = Prefixed(prefix, "ttl");
        return new(prefix, s.OptionalString(Prefixed(prefix, "importId")), s.OptionalString(Prefixed(prefix, "comment")),
            s.OptionalString(ttl) is null ? null : s.Int(ttl));
    }
}

public sealed record DnsRecordSettings(
    string Key, string Name, string Type, string? Content, string? Server, bool? Proxied, int? Ttl, int? Priority,
    string? Comment, string? ImportId)
{
    public static DnsRecordSettings Read(Section s)
    {
        int? ttl = s.OptionalString("ttl") is null ? null : s.Int("ttl");
        int? priority = s.OptionalString("priority") is null ? null : s.Int("priority");
        return new(s.Key, s.String("name"), s.String("type").ToUpperInvariant(), s.OptionalString("content"),
            s.OptionalString("server"), s.OptionalBool("proxied"), ttl, priority, s.OptionalString("comment"),
            s.OptionalString("importId"));
    }
}

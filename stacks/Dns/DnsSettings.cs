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
                d.OptionalBool("proxied"), d.OptionalString("importId"), d.OptionalString("canisterIdImportId"),
                d.OptionalString("acmeChallengeImportId"))),
            s.Sections("records", DnsRecordSettings.Read),
            s.Bool("registerIcDomains", false));
        s.Done();
        return settings;
    }
}

/// <summary>
/// An Internet Computer custom domain; <see cref="Proxied"/> exists only so that asking for a proxy is an error.
/// Each of its three records has its own import id (<c>&lt;zone_id&gt;/&lt;record_id&gt;</c>): <see cref="ImportId"/> the
/// CNAME, <see cref="CanisterIdImportId"/> the <c>_canister-id</c> TXT, <see cref="AcmeChallengeImportId"/> the
/// <c>_acme-challenge</c> CNAME. Cloudflare refuses a second CNAME or an identical TXT, so all three must be adopted.
/// </summary>
public sealed record IcDomainSettings(
    string Key, string Name, string CanisterId, bool? Proxied, string? ImportId, string? CanisterIdImportId, string? AcmeChallengeImportId);

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

using Platform.Stacks.Config;

namespace Platform.Stacks.Vault;

public sealed record VaultSettings(
    string Key, string Host, string Version, int Shares, int Threshold, bool TlsSkipVerify,
    IReadOnlyList<string> PgpKeys, IReadOnlyList<VaultAppSettings> Apps, string? CertbotTokenFrom)
{
    public const string ConfigKey = "platform:vault";

    public static VaultSettings Read(Section s)
    {
        var certbot = s.Child("certbot");
        var settings = new VaultSettings(s.Key, s.String("host"), s.String("version"), s.Int("shares", 5), s.Int("threshold", 3),
            s.Bool("tlsSkipVerify", false), s.Strings("pgpKeys"),
            s.Sections("apps", a => new VaultAppSettings(a.Key, a.String("name"), a.StringMap("secretsFrom"))),
            certbot.Exists ? certbot.String("tokenFrom") : null);
        certbot.Done();
        s.Done();
        return settings;
    }
}

/// <summary>
/// An application's Vault secret (<c>secret/&lt;app&gt;/app-credentials</c>,
/// docs/sources/hoodcloud-production-checklist.txt): each field comes from <c>generated:&lt;secret&gt;/&lt;KEY&gt;</c>
/// or from an operator's secure config key <c>config:&lt;key&gt;</c>.
/// </summary>
public sealed record VaultAppSettings(string Key, string Name, IReadOnlyDictionary<string, string> SecretsFrom);

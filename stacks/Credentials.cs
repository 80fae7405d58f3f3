using Platform.Stacks.Backup;
using Platform.Stacks.Cluster;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Storage;
using Platform.Stacks.Vault;

namespace Platform.Stacks;

/// <summary>
/// The operator-provided credentials of a stack (docs/sources/frameworks-external-services.txt "Credential Categories":
/// operator-provided, as opposed to generated). Each is a config key that must hold a <c>secure:</c> value; the program
/// reads it with <c>Config.RequireSecret</c>, so it stays a Pulumi secret from end to end (rule secrets-stay-secret).
/// </summary>
public static class Credentials
{
    public const string HcloudToken = "hcloud:token";
    public const string CloudflareApiToken = "cloudflare:apiToken";
    public const string SshPrivateKey = "platform:sshPrivateKey";
    public const string HetznerS3AccessKey = "platform:hetznerS3AccessKey";
    public const string HetznerS3SecretKey = "platform:hetznerS3SecretKey";

    /// <summary>Prefix of a value taken from an operator's secure config key, e.g. <c>config:stripeSecretKey</c>.</summary>
    public const string FromConfig = "config:";

    /// <summary>Prefix of a value taken from a generated secret, e.g. <c>generated:jwt-secret/JWT_SECRET</c>.</summary>
    public const string FromGenerated = "generated:";

    /// <summary>Every credential key the stack needs, with why.</summary>
    public static IReadOnlyList<(string Key, string Purpose)> Required(StackSettings s)
    {
        var keys = new List<(string, string)>
        {
            (HcloudToken, "Hetzner Cloud API token (read & write) of the project"),
            (CloudflareApiToken, "Cloudflare API token: Zone DNS edit on the zone, R2 and API token edit on the account"),
            (SshPrivateKey, "private SSH key the remote commands use to reach the hosts"),
        };
        if (s.Storage.HetznerBuckets.Count > 0)
        {
            keys.Add((HetznerS3AccessKey, "Hetzner Object Storage access key"));
            keys.Add((HetznerS3SecretKey, "Hetzner Object Storage secret key"));
        }
        foreach (var reference in VaultReferences(s).Distinct())
            keys.Add(($"platform:{reference}", "operator-provided secret written into Vault"));
        return keys.DistinctBy(k => k.Item1).ToList();
    }

    private static IEnumerable<string> VaultReferences(StackSettings s) =>
        s.Vault.Apps.SelectMany(a => a.SecretsFrom.Values)
            .Append(s.Vault.CertbotTokenFrom ?? "")
            .Where(v => v.StartsWith(FromConfig, StringComparison.Ordinal))
            .Select(v => v[FromConfig.Length..]);

    internal static bool IsPlatformKnown(string key, StackSettings s) =>
        key is HetznerSettings.ConfigKey or StorageSettings.ConfigKey or DnsSettings.ConfigKey or ClusterSettings.ConfigKey
            or GatewaySettings.ConfigKey or VaultSettings.ConfigKey or BackupSettings.ConfigKey or SshPrivateKey or HetznerS3AccessKey or HetznerS3SecretKey
        || VaultReferences(s).Any(r => key == $"platform:{r}");
}

using Platform.Stacks.Backup;
using Platform.Stacks.Cluster;
using Platform.Stacks.Config;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Storage;
using Platform.Stacks.Vault;

namespace Platform.Stacks;

/// <summary>A stack's whole config, typed, one record per section. Read once, then validated, then planned.</summary>
public sealed record StackSettings(
    string Stack,
    HetznerSettings Hetzner,
    StorageSettings Storage,
    DnsSettings Dns,
    ClusterSettings Cluster,
    GatewaySettings Gateway,
    VaultSettings Vault,
    BackupSettings Backups,
    IReadOnlyDictionary<string, SecretState> Secrets,
    bool Protected)
{
    /// <summary>The stacks that share this project folder (and perhaps the zone), as their files say; see <see cref="OtherStack"/>.</summary>
    public IReadOnlyList<OtherStack> OtherStacks { get; init; } = [];

    /// <summary>Reads every section; wrong types, missing values and unknown keys go to <paramref name="problems"/>.</summary>
    public static StackSettings Read(IConfigSource source, Problems problems)
    {
        Section Top(string key) => new(source.Get(key), key, problems);

        var settings = new StackSettings(
            source.StackName,
            HetznerSettings.Read(Top(HetznerSettings.ConfigKey)),
            StorageSettings.Read(Top(StorageSettings.ConfigKey)),
            DnsSettings.Read(Top(DnsSettings.ConfigKey)),
            ClusterSettings.Read(Top(ClusterSettings.ConfigKey)),
            GatewaySettings.Read(Top(GatewaySettings.ConfigKey)),
            VaultSettings.Read(Top(VaultSettings.ConfigKey)),
            BackupSettings.Read(Top(BackupSettings.ConfigKey)),
            source.Keys.ToDictionary(k => k, k => source.Get(k) switch
            {
                SecretNode { Unset: true } => SecretState.Unset,
                SecretNode => SecretState.Secure,
                _ => SecretState.Plain,
            }),
            Safeguards.Read(source, problems));

        foreach (var key in new[] { HetznerSettings.ConfigKey, StorageSettings.ConfigKey, DnsSettings.ConfigKey,
                     ClusterSettings.ConfigKey, GatewaySettings.ConfigKey, VaultSettings.ConfigKey, BackupSettings.ConfigKey })
            if (source.Get(key) is null)
                problems.Add(key, $"section missing: every stack declares it (see Pulumi.production.yaml for its shape).");

        foreach (var key in source.Keys)
            if (key.StartsWith("platform:", StringComparison.Ordinal) && key != Safeguards.ConfigKey && !Credentials.IsPlatformKnown(key, settings))
                problems.Add(key, "unknown config key: check its spelling, or remove it.");
        return settings;
    }
}

/// <summary>
/// How a credential key is set. <see cref="Unset"/> (the committed placeholder) is not a validation error:
/// review must work without secrets; the <c>secrets</c> command and the first preview report it.
/// </summary>
public enum SecretState { Secure, Unset, Plain }

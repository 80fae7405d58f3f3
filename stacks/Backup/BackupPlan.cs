using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Backup;

/// <summary>Where the backups go: an S3 endpoint, a bucket, the signing region. The plan's is R2; tests point the same scripts at Ceph.</summary>
public sealed record BackupTarget(string Endpoint, string Bucket, string Region)
{
    /// <summary>Object key prefixes, one per kind of backup: what verify looks under.</summary>
    public const string VaultPrefix = "vault/", K3sPrefix = "k3s/";
}

/// <summary>
/// A host that takes backups: its step installs the backup tool, its credentials and the timers of what runs there;
/// a second step takes the first backups once the data exists.
/// </summary>
/// <param name="WaitsFor">The steps after which its data exists: Vault's credential files (the snapshot-only identity's), k3s's install.</param>
public sealed record BackupHostPlan(HostAccess Host, bool Vault, bool K3s, string Script, string FirstScript, IReadOnlyList<string> WaitsFor)
{
    public string CommandName => $"backup-{Host.HostName}";
    public string FirstCommandName => $"backup-{Host.HostName}-first";
    public IReadOnlyList<string> Kinds => [.. new[] { Vault ? "vault" : null, K3s ? "k3s" : null }.OfType<string>()];

    /// <summary>The step's secret inputs: the bucket's write credential, and on the k3s host the archive's passphrase.</summary>
    public IReadOnlyList<string> Inputs => K3s ? [.. BackupScripts.S3Inputs, BackupScripts.EncryptionKeyInput] : BackupScripts.S3Inputs;
}

/// <summary>
/// The backups (issue 18, docs/sources/pilox-production.txt "secrets (vault / secrets manager) in your RPO/RTO policy",
/// docs/sources/hoodcloud-production-checklist.txt "backup cleanup configured"): an R2 bucket of their own, off-site
/// from the Hetzner hosts, whose lifecycle deletes each copy after <see cref="RetentionDays"/>; a token that may read
/// and write that bucket alone, for the hosts; a read-only one, for verify; the passphrase the k3s archives are
/// encrypted with (they hold the cluster's Secrets and CAs; Vault's snapshots are encrypted by Vault itself); and on
/// each host whose data they save, a step installing the daily timers.
/// </summary>
public sealed record BackupPlan(string AccountId, string LocationHint, string Jurisdiction, int RetentionDays, BackupTarget Target,
    IReadOnlyList<BackupHostPlan> Hosts, ResourcePolicy BucketPolicy) : IComponentPlan
{
    public string Type => Tokens.BackupComponent;
    public string Name => "backups";
    public string BucketName => $"{Target.Bucket}-bucket";
    public string LifecycleName => $"{Target.Bucket}-lifecycle";
    public string WriterName => $"{Target.Bucket}-writer";
    public string ReaderName => $"{Target.Bucket}-reader";
    public string KeyName => "backup-encryption-key";

    /// <summary>32 random bytes as 64 hex characters: gpg's passphrase for the k3s archives.</summary>
    public const int KeyBytes = 32;

    public const string RetentionRuleId = "Delete backups after their retention";

    public string TokenResource => R2BucketPlan.TokenResourceOf(AccountId, Jurisdiction, Target.Bucket);

    /// <summary>The same backups against another S3 target (the tests' Ceph): the scripts differ in nothing else.</summary>
    public BackupPlan WithTarget(BackupTarget target) => this with
    {
        Target = target,
        Hosts = [.. Hosts.Select(h => BackupPlanBuilder.Host(h.Host, h.Vault, h.K3s, target, h.WaitsFor))],
    };

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.R2Bucket, BucketName, Name, Inputs(("accountId", AccountId), ("name", Target.Bucket), ("location", LocationHint),
            ("jurisdiction", Jurisdiction), ("storageClass", R2BucketPlan.StorageClass)), BucketPolicy);
        yield return Child(Tokens.R2BucketLifecycle, LifecycleName, Name, Inputs(("accountId", AccountId),
            ("rule", $"{R2BucketPlan.LifecycleRuleId}: abort incomplete multipart uploads after {R2BucketPlan.MultipartAbortDays} days"),
            ("retention", $"{RetentionRuleId}: delete every object {RetentionDays} days after its upload")), dependsOn: [BucketName]);
        yield return Child(Tokens.AccountToken, WriterName, Name, Inputs(("accountId", AccountId), ("name", $"r2-{Target.Bucket}-writer"), ("permission", "Object Read & Write"),
            ("resource", TokenResource)), dependsOn: [BucketName]);
        yield return Child(Tokens.AccountToken, ReaderName, Name, Inputs(("accountId", AccountId), ("name", $"r2-{Target.Bucket}-reader"), ("permission", "Object Read"),
            ("resource", TokenResource)), dependsOn: [BucketName]);
        if (Hosts.Any(h => h.K3s))
            yield return Child(Tokens.RandomBytes, KeyName, Name, Inputs(("length", KeyBytes)), secrets: ["hex", "base64"]);
        foreach (var h in Hosts)
            yield return Child(Tokens.RemoteCommand, h.CommandName, Name, Inputs(("connection.host", h.Host.ConnectionHost),
                ("create", TextDigest.Of(h.Script, TextDigest.Script)), ("stdin.names", h.Inputs),
                ("schedule", string.Join(", ", new[] { h.Vault ? $"vault {BackupScripts.VaultSchedule}" : null, h.K3s ? $"k3s {BackupScripts.K3sSchedule}" : null }.OfType<string>()))),
                secrets: [RemoteCommands.PrivateKeyInput, "stdin", .. RemoteCommands.SecretOutputs],
                dependsOn: [h.Host.ReadyResource, WriterName, .. h.K3s ? [KeyName] : Array.Empty<string>()], secretSources: StdinSources(h));
        foreach (var h in Hosts)
            yield return Child(Tokens.RemoteCommand, h.FirstCommandName, Name, Inputs(("connection.host", h.Host.ConnectionHost),
                ("create", TextDigest.Of(h.FirstScript, TextDigest.Script))),
                secrets: [RemoteCommands.PrivateKeyInput, .. RemoteCommands.SecretOutputs], dependsOn: [h.CommandName, .. h.WaitsFor],
                secretSources: RemoteCommands.ConnectionSecrets());
    }

    /// <summary>The connection's key, and the step's stdin: the writer token's S3 keys and, with k3s, the archives' passphrase.</summary>
    private Dictionary<string, IReadOnlyList<string>> StdinSources(BackupHostPlan h)
    {
        var sources = RemoteCommands.ConnectionSecrets();
        sources["stdin"] = [SecretSourceOf.Resource(WriterName), .. h.K3s ? [SecretSourceOf.Resource(KeyName)] : Array.Empty<string>()];
        return sources;
    }
}

/// <summary>The backups of a stack: which hosts save what, against the plan's R2 target (or a test's).</summary>
public static class BackupPlanBuilder
{
    /// <summary>R2 signs with region "auto" (docs/sources/frameworks-external-services.txt).</summary>
    public const string Region = R2BucketPlan.S3Region;

    /// <param name="vaultFilesStep">The Vault step that writes the snapshot-only identity's files; <paramref name="k3sInstallStep"/>: k3s's install.</param>
    public static BackupPlan Build(StackSettings s, IReadOnlyDictionary<string, HostAccess> hosts, string vaultFilesStep, string k3sInstallStep, BackupTarget? target = null)
    {
        var b = s.Backups;
        target ??= new BackupTarget(R2BucketPlan.EndpointOf(s.Storage.AccountId!, b.Jurisdiction), b.Bucket, Region);
        var plans = new[] { s.Vault.Host, s.Cluster.Host }.Distinct()
            .Select(name => Host(hosts[name], vault: name == s.Vault.Host, k3s: name == s.Cluster.Host, target,
                [.. name == s.Vault.Host ? [vaultFilesStep] : Array.Empty<string>(), .. name == s.Cluster.Host ? [k3sInstallStep] : Array.Empty<string>()]))
            .ToList();
        return new BackupPlan(s.Storage.AccountId!, b.LocationHint!, b.Jurisdiction, b.RetentionDays, target, plans, Policies.Bucket(s, R2BucketPlan.PermanentLocation));
    }

    /// <summary>The host's steps; Vault is reached at the host's private address, as every Vault step reaches it (VaultTarget).</summary>
    internal static BackupHostPlan Host(HostAccess host, bool vault, bool k3s, BackupTarget target, IReadOnlyList<string> waitsFor)
    {
        var install = BackupScripts.HostStep(host.HostName, target, vault ? new Vault.VaultTarget(host.PrivateIp) : null, k3s);
        var kinds = new[] { vault ? "vault" : null, k3s ? "k3s" : null }.OfType<string>().ToList();
        return new(host, vault, k3s, install, BackupScripts.FirstBackups(host.HostName, kinds, install), waitsFor);
    }
}

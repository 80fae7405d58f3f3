using Platform.Stacks;
using Platform.Stacks.Backup;
using Platform.Stacks.Dns;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Platform.Stacks.Vault;

namespace Platform.Cli.Verify;

/// <summary>
/// What the live platform must answer, taken from the plan (the single source of truth): the managed
/// records, the buckets' S3 endpoints, the gateway host, the Vault host. Unmanaged records are not here.
/// </summary>
public sealed record VerifyTargets(
    string Stack, string Zone, IReadOnlyList<DnsExpectation> Records, IReadOnlyList<BucketTarget> Buckets,
    GatewayTarget Gateway, VaultHealthTarget Vault, BackupsTarget Backups)
{
    public static VerifyTargets From(StackPlan plan, StackSettings settings)
    {
        var managed = plan.Dns.Records.Concat(plan.Dns.IcDomains.SelectMany(d => d.Records)).ToList();
        var records = managed
            .GroupBy(r => (r.Fqdn, r.Type))
            .Select(g => DnsExpectation.From(g.ToList(), plan.Dns.Zone))
            .ToList();

        var buckets = plan.R2Buckets.Select(b => new BucketTarget(b.Name, "R2", b.Endpoint))
            .Concat(plan.HetznerBuckets.Select(b => new BucketTarget(b.Name, "Hetzner", b.Endpoint)))
            .ToList();

        var gateway = new GatewayTarget(settings.Gateway.Host, settings.Gateway.Routes.Any(r => r.Path == GatewayTarget.HealthPath));

        // Vault listens on the private network only: the check runs curl on its host over SSH. A cloud
        // server's address may be known only to Pulumi's state; then a DNS-only A record pointing at it names it.
        var host = plan.Vault.Host;
        var byRecord = managed.FirstOrDefault(r => r.Address == host.Address && r.Type == "A" && !r.Proxied)?.Fqdn;
        var vault = new VaultHealthTarget(host.HostName, host.PublicIp ?? byRecord, host.SshUser, plan.Vault.Address, plan.Vault.Version);
        var b = plan.Backups;
        var backups = new BackupsTarget(b.Target.Endpoint, b.Target.Bucket, b.Target.Region,
        [
            .. b.Hosts.Where(h => h.Vault).Select(h => new BackupKind("vault", BackupTarget.VaultPrefix, h.Host.HostName)),
            .. b.Hosts.Where(h => h.K3s).Select(h => new BackupKind("k3s", BackupTarget.K3sPrefix, h.Host.HostName)),
        ]);
        return new VerifyTargets(plan.Stack, plan.Dns.Zone, records, buckets, gateway, vault, backups);
    }
}

/// <summary>
/// The records of one name and type. <see cref="Values"/> empty means "some address": the record points at
/// a server whose primary IP only Pulumi's state knows.
/// </summary>
public sealed record DnsExpectation(
    string ConfigKey, string Fqdn, string Type, IReadOnlyList<string> Values, bool Proxied, bool IcBoundary, bool AtApex, string? AddressOf)
{
    public string What => $"{Type} {Fqdn}";

    internal static DnsExpectation From(IReadOnlyList<ManagedRecord> records, string zone)
    {
        var first = records[0];
        var values = records
            .Select(r => (r.Priority, Value: r.Content ?? r.Address?.Known))
            .Where(x => x.Value is not null)
            .Select(x => DnsText.Planned(first.Type, x.Value!, x.Priority))
            .ToList();
        string? addressOf = values.Count == 0 ? first.Address?.Host : null;
        return new DnsExpectation(string.Join(", ", records.Select(r => r.ConfigKey).Distinct()), first.Fqdn, first.Type,
            values.Order(StringComparer.Ordinal).ToList(), records.Any(r => r.Proxied), records.Any(r => r.IcBoundary),
            string.Equals(first.Fqdn, zone, StringComparison.OrdinalIgnoreCase), addressOf);
    }
}

public sealed record BucketTarget(string Name, string Provider, string Endpoint)
{
    public string Url => $"{Endpoint.TrimEnd('/')}/{Name}";
}

public sealed record GatewayTarget(string Host, bool HasHealthRoute)
{
    /// <summary>
    /// The unauthenticated health endpoint the documents check after a deployment
    /// (docs/sources/hoodcloud-production-checklist.txt, docs/sources/pilox-production.txt).
    /// </summary>
    public const string HealthPath = "/health";

    /// <summary>docs/sources/hoodcloud-production-checklist.txt "Certificate expiry > 30 days".</summary>
    public const int MinimumCertificateDays = 30;
}

/// <summary>The backup bucket (the plan's R2 endpoint, path-style) and the kinds of backup in it, each by the host that uploads it.</summary>
public sealed record BackupsTarget(string Endpoint, string Bucket, string Region, IReadOnlyList<BackupKind> Kinds);

public sealed record BackupKind(string Kind, string Prefix, string Host);

/// <summary>Where Vault is (its private address) and how to reach its host: SSH to <see cref="SshHost"/>.</summary>
public sealed record VaultHealthTarget(string HostName, string? SshHost, string SshUser, string Address, string Version)
{
    public string HealthUrl => $"{Address}/v1/sys/health";
    public static string CaCertificate => Platform.Stacks.Vault.VaultTarget.CaCert;
}

namespace Platform.Stacks;

/// <summary>
/// One rule the plan enforces: the name every comment, message, test and the README cite it by, and what it says.
/// </summary>
public sealed record Rule(string Name, string Says);

/// <summary>
/// The rules the plan enforces, each under one stable name. This is the one place they are numbered by nothing:
/// code cites a rule as <c>rule ic-records-dns-only</c> (a comment) or through <see cref="Rule.Name"/> (a message),
/// the README's "Rules the plan enforces" lists the same names, and tests/Stacks.Tests/ReferencesTests.cs fails on a
/// citation of a name that is not here, or on a rule cited by a number, whose meaning depends on which list a reader has.
/// Each rule is checked by <see cref="Validation"/> before anything is planned, and reported with its config key.
/// </summary>
public static class Rules
{
    /// <summary>Checked in stacks/Dns/DnsRules.cs (the records in stacks/Dns/DnsZone.cs).</summary>
    public static readonly Rule IcRecordsDnsOnly = new("ic-records-dns-only",
        "The Internet Computer's boundary records (CNAME to icp1.io/icp0.io/ic0.app, the _canister-id TXT, the " +
        "_acme-challenge CNAME to *.icp2.io) are DNS-only: config that asks otherwise is an error, never silently fixed.");

    /// <summary>Checked in stacks/Dns/DnsRules.cs.</summary>
    public static readonly Rule ProxyWhereCloudflareCan = new("proxy-where-cloudflare-can",
        "Only A, AAAA and CNAME records can be proxied, and a proxied record has TTL 1 (automatic).");

    /// <summary>Checked in stacks/Dns/DnsRules.cs.</summary>
    public static readonly Rule UnmanagedRecordsUntouched = new("unmanaged-records-untouched",
        "Records other systems own are listed as unmanaged and never created, changed or deleted; a managed record " +
        "with an unmanaged name is an error.");

    /// <summary>Checked in stacks/Dns/DnsRules.cs, across stacks with stacks/Dns/SharedZone.cs.</summary>
    public static readonly Rule OneOwnerPerRecord = new("one-owner-per-record",
        "Two managed records never share a name and type (except the multi-value types), in this stack or across the " +
        "project's stacks that share the zone.");

    /// <summary>Checked in stacks/Cluster/ClusterRules.cs (the node's budget in stacks/Cluster/Node.cs).</summary>
    public static readonly Rule ResourceStability = new("resource-stability",
        "Every container has cpu and memory requests and limits (limit >= request); every namespace has a LimitRange " +
        "and a ResourceQuota; workloads fit their quota, counting a rolling update's surge pod; all quotas fit the " +
        "node's allocatable memory (physical - 2Gi system-reserved - 500Mi eviction).");

    /// <summary>Checked in stacks/Hetzner/NetworkRules.cs and stacks/Hetzner/ServerRules.cs.</summary>
    public static readonly Rule AddressesFit = new("addresses-fit",
        "Subnets lie inside the network range and do not overlap; each server's private IP lies in its subnet and is " +
        "unique; the vSwitch subnet has a vSwitch id and a VLAN in 4000-4091.");

    /// <summary>Checked in stacks/Storage/StorageRules.cs and stacks/Backup/BackupRules.cs.</summary>
    public static readonly Rule BucketsPlacedAndNamed = new("buckets-placed-and-named",
        "An R2 bucket has an explicit location hint (permanent: the provider never moves a bucket, and the plan says so); bucket " +
        "names follow the S3 naming rules.");

    /// <summary>Checked in stacks/Backup/BackupRules.cs.</summary>
    public static readonly Rule BackupsOverlap = new("backups-overlap",
        "The backup bucket keeps each copy at least 2 days (at most 3650), so yesterday's copy is there until today's has landed.");

    /// <summary>Checked in stacks/Cluster/GatewayRules.cs.</summary>
    public static readonly Rule GatewayRoutesResolve = new("gateway-routes-resolve",
        "The gateway routes only to workloads and shims that exist, on their ports; its host has an A, AAAA or CNAME " +
        "record; its CORS origins are https.");

    /// <summary>Checked in stacks/Vault/VaultRules.cs.</summary>
    public static readonly Rule VaultQuorum = new("vault-quorum",
        "Vault's unseal threshold is at most its key shares and at least 2 in every stack: one leaked share never unseals Vault.");

    /// <summary>Checked in stacks/Vault/VaultRules.cs; stacks/Vault/VaultTarget.cs gives no script a way around it.</summary>
    public static readonly Rule VaultTlsVerified = new("vault-tls-verified",
        "Vault's TLS certificate is verified against its CA; skipping verification is refused in a protected stack.");

    /// <summary>Checked in stacks/Safeguards.cs and stacks/Hetzner/ServerRules.cs; applied by stacks/Plan/Policies.cs.</summary>
    public static readonly Rule ProtectedStack = new("protected-stack",
        "One setting, platform:protect, never the stack's name: in a protected stack SSH is never open to 0.0.0.0/0 or " +
        "::/0; servers, primary IPs, the network, buckets and Vault's one-shot steps are protected and carry the " +
        "providers' own delete protection; buckets are retained on delete; a stack naming hosts that run today must be protected.");

    /// <summary>Checked in stacks/Validation.cs (SecretRules) with stacks/Credentials.cs; kept by components/Remote.cs.</summary>
    public static readonly Rule SecretsStaySecret = new("secrets-stay-secret",
        "Every credential is a Pulumi secret from end to end: a secure: config value or a generated value, never a plain " +
        "input; remote commands log nothing secret and mark their output secret; no secret is ever on a command line.");

    /// <summary>
    /// Checked in stacks/Hetzner/ServerTypes.cs, stacks/Cluster/GatewayRules.cs, stacks/Dns/DnsRules.cs,
    /// stacks/Adoption/ImportIdRules.cs.
    /// </summary>
    public static readonly Rule RefusedBeforeTheProvider = new("refused-before-the-provider",
        "What the providers would refuse half-way through an up is refused first: server types that can still be " +
        "ordered, the Traefik values of the chart the pinned k3s bundles, record types in their real API shape, import " +
        "ids in the shape the providers parse.");

    public static readonly IReadOnlyList<Rule> All =
    [
        IcRecordsDnsOnly, ProxyWhereCloudflareCan, UnmanagedRecordsUntouched, OneOwnerPerRecord, ResourceStability,
        AddressesFit, BucketsPlacedAndNamed, BackupsOverlap, GatewayRoutesResolve, VaultQuorum, VaultTlsVerified, ProtectedStack, SecretsStaySecret,
        RefusedBeforeTheProvider,
    ];
}

using Platform.Stacks.Backup;
using Platform.Stacks.Cluster;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Storage;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Plan;

/// <summary>
/// Everything a stack declares: the typed part of each component (what the components consume) and the
/// flat list of resources (what review, the tests and the parity check read). Built only from valid settings.
/// </summary>
public sealed record StackPlan(
    string Stack,
    SshKeysPlan SshKeys,
    NetworkPlan Network,
    IReadOnlyList<ServerPlan> Servers,
    DedicatedHostPlan? Dedicated,
    IReadOnlyList<R2BucketPlan> R2Buckets,
    IReadOnlyList<HetznerBucketPlan> HetznerBuckets,
    DnsZonePlan Dns,
    K3sPlan K3s,
    IReadOnlyList<NamespacePlan> Namespaces,
    IReadOnlyList<GeneratedSecretPlan> GeneratedSecrets,
    IReadOnlyList<WorkloadPlan> Workloads,
    GatewayPlan Gateway,
    VaultPlan Vault,
    BackupPlan Backups)
{
    public IEnumerable<IComponentPlan> Components =>
        new IComponentPlan[] { SshKeys, Network }
            .Concat(Servers)
            .Concat(Dedicated is null ? [] : [Dedicated])
            .Concat(R2Buckets).Concat(HetznerBuckets)
            .Append(Dns).Append(K3s)
            .Concat(Namespaces).Concat(GeneratedSecrets).Concat(Workloads)
            .Append(Gateway).Append(Vault).Append(Backups);

    private IReadOnlyList<PlannedResource>? _resources;
    public IReadOnlyList<PlannedResource> Resources => _resources ??= Components.SelectMany(c => c.Resources()).ToList();

    /// <summary>The longest chain of resources that must wait for each other: what bounds a deployment's time.</summary>
    public IReadOnlyList<string> CriticalPath() => Graph.CriticalPath(Resources);
}

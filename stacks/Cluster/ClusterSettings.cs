using Platform.Stacks.Config;

namespace Platform.Stacks.Cluster;

/// <summary>
/// The cluster's own address ranges: pods and services. One fact, used by k3s's settings and by the host
/// firewall, which must let both reach the host (docs.k3s.io/installation/requirements, "Ubuntu / Debian":
/// <c>ufw allow from 10.42.0.0/16</c> and <c>from 10.43.0.0/16</c>; k3s-io/k3s#2059: without them CoreDNS and
/// the helm-controller jobs cannot reach the API server at 10.43.0.1). They are k3s's defaults, written
/// explicitly so that the firewall and k3s cannot drift apart.
/// </summary>
public static class ClusterNetwork
{
    public const string PodCidr = "10.42.0.0/16";
    public const string ServiceCidr = "10.43.0.0/16";

    /// <summary>What the cluster host's firewall lets in from the cluster itself.</summary>
    public static readonly IReadOnlyList<string> Ranges = [PodCidr, ServiceCidr];

    /// <summary>
    /// Where the cluster's traffic enters the host, so the firewall takes those ranges there and nowhere else (a
    /// packet claiming a pod address on the public interface is someone else's): k3s's flannel delegates to the
    /// CNI bridge plugin, whose bridge is <c>cni0</c> (k3s pkg/agent/flannel/setup_linux.go cniConf; containernetworking
    /// plugins bridge.go defaultBrName), and its VXLAN backend's device is <c>flannel.&lt;VNI&gt;</c>, VNI 1 by default
    /// (flannel-io/flannel backend/vxlan/vxlan.go), which carries the pods of other nodes.
    /// </summary>
    public static readonly IReadOnlyList<string> Interfaces = ["cni0", "flannel.1"];
}

public sealed record ClusterSettings(
    string Key, string Host, string K3sVersion,
    IReadOnlyList<NamespaceSettings> Namespaces,
    IReadOnlyList<WorkloadSettings> Workloads,
    IReadOnlyList<GeneratedSecretSettings> GeneratedSecrets)
{
    public const string ConfigKey = "platform:cluster";

    public static ClusterSettings Read(Section s)
    {
        var settings = new ClusterSettings(s.Key, s.String("host"), s.String("k3sVersion"),
            s.Sections("namespaces", NamespaceSettings.Read),
            s.Sections("workloads", WorkloadSettings.Read),
            s.Sections("generatedSecrets", g => new GeneratedSecretSettings(g.Key, g.String("name"), g.String("namespace"),
                g.Strings("keys"), g.String("format", "token"))));
        s.Done();
        return settings;
    }
}

public sealed record NamespaceSettings(
    string Key, string Name, string? QuotaCpu, string? QuotaMemory,
    string? DefaultCpu, string? DefaultMemory, string? MaxCpu, string? MaxMemory,
    IReadOnlyList<RoleBindingSettings> RoleBindings)
{
    public static NamespaceSettings Read(Section s)
    {
        var quota = s.Child("quota");
        var limits = s.Child("limitRange");
        var settings = new NamespaceSettings(s.Key, s.String("name"),
            quota.OptionalString("cpu"), quota.OptionalString("memory"),
            limits.OptionalString("defaultCpu"), limits.OptionalString("defaultMemory"),
            limits.OptionalString("maxCpu"), limits.OptionalString("maxMemory"),
            s.Sections("roleBindings", r => new RoleBindingSettings(r.Key, r.String("user"), r.String("role"))));
        quota.Done();
        limits.Done();
        return settings;
    }
}

public sealed record RoleBindingSettings(string Key, string User, string Role);

/// <summary>
/// A Deployment. <c>Strategy</c> is Kubernetes' rollout strategy: RollingUpdate (the default) starts the new
/// pod before the old one stops, so its surge pod must fit the namespace quota too; Recreate stops the old
/// pod first (a short outage, no surge), for a workload too large to run twice.
/// </summary>
public sealed record WorkloadSettings(
    string Key, string Name, string Namespace, string Image, int Port, int Replicas,
    ContainerResources Resources, IReadOnlyList<string> SecretEnv, string Strategy = WorkloadSettings.RollingUpdate)
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Recreate = "Recreate";
    public static readonly string[] Strategies = [RollingUpdate, Recreate];

    /// <summary>
    /// A RollingUpdate's maxSurge and maxUnavailable: Kubernetes' defaults (docs, Deployments "Max Surge"),
    /// applied explicitly so that the program owns them (components/Cluster/Workload.cs says why).
    /// </summary>
    public const int MaxSurgePercent = 25;
    public static readonly string MaxSurge = $"{MaxSurgePercent}%";
    public const string MaxUnavailable = "25%";

    /// <summary>
    /// Pods a rollout adds above the replicas: maxSurge of the replicas, rounded up, so one replica rolls out
    /// with one extra pod; Recreate adds none.
    /// </summary>
    public int SurgePods => Strategy == Recreate ? 0 : (int)Math.Ceiling(Replicas * MaxSurgePercent / 100.0);

    public static WorkloadSettings Read(Section s)
    {
        var r = s.Child("resources");
        var settings = new WorkloadSettings(s.Key, s.String("name"), s.String("namespace"), s.String("image"),
            s.Int("port"), s.Int("replicas", 1),
            new ContainerResources(r.Key, r.OptionalString("cpuRequest"), r.OptionalString("cpuLimit"),
                r.OptionalString("memoryRequest"), r.OptionalString("memoryLimit")),
            s.Strings("secretEnv"), s.String("strategy", RollingUpdate));
        r.Done();
        return settings;
    }
}

/// <summary>Requests and limits as written; null means missing, which rule resource-stability reports.</summary>
public sealed record ContainerResources(string Key, string? CpuRequest, string? CpuLimit, string? MemoryRequest, string? MemoryLimit);

/// <summary>A Kubernetes Secret whose every key is a generated value (token: 48 chars; hex32: 32 bytes as 64 hex).</summary>
public sealed record GeneratedSecretSettings(string Key, string Name, string Namespace, IReadOnlyList<string> Keys, string Format);

using Platform.Stacks.Hetzner;

namespace Platform.Stacks.Cluster;

/// <summary>
/// The k3s node's memory budget (docs/sources/hello-world-dao-infrastructure.txt "Resource Stability Rules"): the
/// kubelet reserves 2 GiB for the system and evicts below 500 MiB available, so workloads get physical − 2 GiB − 500
/// MiB.
/// </summary>
public static class Node
{
    public const string SystemReserved = "2Gi";
    public const string EvictionHard = "500Mi";

    /// <summary>Physical memory of the cluster host in bytes, or null when the host is unknown.</summary>
    public static double? PhysicalMemory(StackSettings s)
    {
        const double gi = 1024d * 1024 * 1024;
        if (s.Hetzner.Dedicated is { } d && d.Name == s.Cluster.Host) return d.MemoryGi * gi;
        var server = s.Hetzner.Servers.FirstOrDefault(x => x.Name == s.Cluster.Host);
        return server is null ? null : ServerTypes.Memory(server.ServerType) * gi;
    }

    public static double Allocatable(double physical) =>
        physical - Quantity.Parse(SystemReserved)!.Value - Quantity.Parse(EvictionHard)!.Value;
}

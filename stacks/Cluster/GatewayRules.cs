using System.Net;
using Platform.Stacks.Config;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;

namespace Platform.Stacks.Cluster;

/// <summary>
/// Rule gateway-routes-resolve: the gateway routes only to what exists, its host resolves, and its CORS origins are
/// https; and rule refused-before-the-provider for the Traefik chart the pinned k3s bundles.
/// </summary>
internal static class GatewayRules
{
    public static void Check(StackSettings s, Problems p)
    {
        var g = s.Gateway;
        if (ClusterRules.IsPinnedK3s(s.Cluster.K3sVersion) && TraefikChart.For(s.Cluster.K3sVersion) is null)
            p.Add($"{s.Cluster.Key}.k3sVersion", $"k3s {s.Cluster.K3sVersion} bundles a Traefik chart whose values this program does not know " +
                $"(it knows the k3s lines {TraefikChart.KnownLines}): read k3s-io/k3s manifests/traefik.yaml at that tag and the chart's " +
                "release notes, add the chart's values in stacks/Cluster/TraefikChart.cs, then promote the version.");
        var backends = s.Cluster.Workloads.Select(w => w.Name).Concat(g.Shims.Select(x => x.Name)).ToHashSet();
        var records = DnsZone.Records(s.Dns);
        if (!records.Any(r => r.Fqdn == g.Host && r.Type is "A" or "AAAA" or "CNAME"))
            p.Add($"{g.Key}.host", $"'{g.Host}' has no A/AAAA/CNAME in platform:dns.records: add one pointing at the cluster host, or Let's Encrypt cannot issue its certificate.");
        foreach (var origin in g.CorsOrigins)
            if (!origin.StartsWith("https://", StringComparison.Ordinal))
                p.Add($"{g.Key}.corsOrigins", $"'{origin}' is not an https origin.");
        if (g.RateAverage <= 0 || g.RateBurst < g.RateAverage)
            p.Add($"{g.Key}.rateLimit", "average must be positive and burst >= average.");
        ServerRules.Duplicates(p, g.Routes.Select(r => (r.Key + ".path", r.Path)), "route path");
        foreach (var r in g.Routes)
        {
            if (!r.Path.StartsWith('/'))
                p.Add($"{r.Key}.path", $"'{r.Path}' must start with '/'.");
            if (!backends.Contains(r.Backend))
                p.Add($"{r.Key}.backend", $"no workload or shim named '{r.Backend}' (known: {string.Join(", ", backends.Order())}).");
            var shim = g.Shims.FirstOrDefault(x => x.Name == r.Backend);
            var workload = s.Cluster.Workloads.FirstOrDefault(w => w.Name == r.Backend);
            var port = shim?.Port ?? workload?.Port;
            if (workload is not null && workload.Namespace != GatewayNames.Namespace)
                p.Add($"{r.Key}.backend", $"'{r.Backend}' runs in namespace '{workload.Namespace}', but an Ingress reaches only its own namespace '{GatewayNames.Namespace}': add a shim with externalName {r.Backend}.{workload.Namespace}.svc.cluster.local.");
            if (port is { } expected && expected != r.Port)
                p.Add($"{r.Key}.port", $"'{r.Backend}' listens on {expected}, not {r.Port}.");
        }
        if (g.Routes.Any(r => r.ServiceTokenAuth) && !s.Cluster.Workloads.Any(w => w.Name == GatewayNames.TokenAuthz))
            p.Add($"{g.Key}.routes", $"routes with serviceTokenAuth need the '{GatewayNames.TokenAuthz}' workload (the ForwardAuth verifier).");

        if (!s.Cluster.Namespaces.Any(n => n.Name == GatewayNames.Namespace))
            p.Add($"{ClusterSettings.ConfigKey}.namespaces", $"the gateway's middlewares, shims and Ingresses live in namespace '{GatewayNames.Namespace}': declare it.");

        var range = Cidr.Parse(s.Hetzner.Network.IpRange);
        foreach (var shim in g.Shims)
        {
            if ((shim.ExternalName is null) == (shim.Address is null))
                p.Add(shim.Key, "set exactly one of 'externalName' (a DNS name) and 'address' (an IP on the private network).");
            if (shim.Address is { } a && (Cidr.Address(a) is not { } ip || range is null || !range.Value.Contains(ip)))
                p.Add($"{shim.Key}.address", $"'{a}' is not an address of the private network {s.Hetzner.Network.IpRange}: backends outside the cluster are reached over it.");
            if (!ClusterRules.DnsLabel().IsMatch(shim.Name))
                p.Add($"{shim.Key}.name", $"'{shim.Name}' is not a Kubernetes Service name.");
        }
    }
}

/// <summary>Names the gateway and its rules share.</summary>
public static class GatewayNames
{
    /// <summary>
    /// The ForwardAuth verifier of service tokens (docs/sources/hello-world-dao-infrastructure.txt "Service tokens").
    /// </summary>
    public const string TokenAuthz = "token-authz";

    /// <summary>
    /// The gateway's objects live beside the platform services
    /// (docs/sources/hello-world-dao-infrastructure.txt "ns: platform").
    /// </summary>
    public const string Namespace = "platform";
}

using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Cluster;

/// <summary>A Traefik middleware: its name in the cluster and its spec, as plain data for the CustomResource.</summary>
public sealed record MiddlewarePlan(string ResourceName, string MiddlewareName, IReadOnlyDictionary<string, object> Spec)
{
    /// <summary>How an Ingress refers to it (<c>&lt;namespace&gt;-&lt;name&gt;@kubernetescrd</c>).</summary>
    public string Reference => $"{GatewayNames.Namespace}-{MiddlewareName}@kubernetescrd";
}

public sealed record IngressPlan(string ResourceName, string IngressName, string Path, string Backend, int Port, IReadOnlyList<string> Middlewares);

public sealed record ShimPlan(ShimSettings Settings)
{
    public string ServiceResource => $"shim-{Settings.Name}";
    public string EndpointsResource => $"shim-{Settings.Name}-endpoints";
}

/// <summary>
/// The Traefik gateway of docs/sources/hello-world-dao-infrastructure.txt: k3s's bundled Traefik tuned through a
/// HelmChartConfig (JSON access logs without Authorization and Cookie, dashboard not exposed, HTTP→HTTPS, Let's
/// Encrypt), the middleware chain, one Ingress per path, and Service shims for backends outside the cluster.
/// </summary>
public sealed record GatewayPlan(
    string Host, string AcmeEmail, IReadOnlyList<MiddlewarePlan> Middlewares, IReadOnlyList<IngressPlan> Ingresses,
    IReadOnlyList<ShimPlan> Shims, string NamespaceResource, IReadOnlyList<string> BackendResources, TraefikChart Chart) : IComponentPlan
{
    public string Type => Tokens.GatewayComponent;
    public string Name => "gateway";
    public string HelmChartConfigName => "traefik-config";
    public const string CertResolver = "letsencrypt";

    /// <summary>
    /// Values merged over k3s's own (which keep `providers.kubernetesIngress.publishedService`). ExternalName
    /// backends (the shims, e.g. /fos) are refused by Traefik unless allowed: `allowExternalNameServices`
    /// defaults to false in the chart and in Traefik (docs: Kubernetes Ingress provider), and k3s does not set it.
    /// </summary>
    public string TraefikValues => $"""
        providers:
          kubernetesIngress:
            allowExternalNameServices: true
        logs:
          access:
            enabled: true
            format: json
            fields:
              headers:
                defaultmode: keep
                names:
                  Authorization: drop
                  Cookie: drop
        ingressRoute:
          dashboard:
            enabled: false
        {Chart.HttpsRedirect}
        persistence:
          enabled: true
        {Chart.CertResolvers(CertResolver, AcmeEmail)}
        """;

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.HelmChartConfig, HelmChartConfigName, Name, Inputs(("metadata", "kube-system/traefik"),
            ("chart", $"traefik {Chart.Major} (Traefik {Chart.TraefikVersion})"), ("allowExternalNameServices", true),
            ("accessLogs", "json, Authorization and Cookie dropped"), ("dashboard", "not exposed (port-forward only)"),
            ("valuesContent", TextDigest.Of(TraefikValues, TextDigest.Yaml))), dependsOn: [NamespaceResource]);
        // The spec in full (it was its top-level keys alone, which hid a change of CORS origins or rate limits).
        foreach (var m in Middlewares)
            yield return Child(Tokens.Middleware, m.ResourceName, Name, Inputs(("metadata.name", m.MiddlewareName), ("spec", CanonicalJson.Write(m.Spec))),
                dependsOn: [NamespaceResource]);
        foreach (var s in Shims)
        {
            yield return Child(Tokens.Service, s.ServiceResource, Name, s.Settings.ExternalName is { } external
                ? Inputs(("type", "ExternalName"), ("externalName", external), ("port", s.Settings.Port))
                : Inputs(("type", "ClusterIP (no selector)"), ("port", s.Settings.Port)), dependsOn: [NamespaceResource]);
            if (s.Settings.Address is { } address)
                yield return Child(Tokens.Endpoints, s.EndpointsResource, Name, Inputs(("address", address), ("port", s.Settings.Port)), dependsOn: [s.ServiceResource]);
        }
        foreach (var i in Ingresses)
            yield return Child(Tokens.Ingress, i.ResourceName, Name, Inputs(("host", Host), ("path", i.Path), ("backend", $"{i.Backend}:{i.Port}"),
                ("middlewares", i.Middlewares)), dependsOn: [HelmChartConfigName, .. i.Middlewares, .. BackendResources]);
    }
}

using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Pulumi;
using K8s = Pulumi.Kubernetes;
using Core = Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Meta = Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Net = Pulumi.Kubernetes.Types.Inputs.Networking.V1;

namespace Platform.Components.Cluster;

/// <summary>
/// The Traefik gateway of docs/sources/hello-world-dao-infrastructure.txt: k3s's bundled Traefik tuned through a HelmChartConfig, the
/// middlewares, Service shims for backends outside the cluster, and one Ingress per route.
/// </summary>
/// <remarks>Inputs: the gateway namespace's name, and the backends' Services (Ingresses wait for them). Outputs: host.</remarks>
public sealed class Gateway : ComponentResource
{
    public const string Type = Tokens.GatewayComponent;

    // k3s deploys its Traefik chart as `traefik` in kube-system; a HelmChartConfig of that name overrides its values.
    private const string TraefikChart = "traefik";
    private const string SystemNamespace = "kube-system";

    public Gateway(GatewayPlan plan, K8s.Provider provider, Input<string> namespaceName, IEnumerable<Resource> backends,
        ComponentResourceOptions? options = null) : base(Type, plan.Name, options)
    {
        var helmConfig = new K8s.ApiExtensions.CustomResource(plan.HelmChartConfigName, new SpecResourceArgs(Tokens.HelmChartConfigApiVersion, "HelmChartConfig")
        {
            Metadata = new Meta.ObjectMetaArgs { Name = TraefikChart, Namespace = SystemNamespace },
            Spec = { ["valuesContent"] = plan.TraefikValues },
        }, PolicyOptions.Child(this, provider));

        var middlewares = plan.Middlewares.ToDictionary(m => m.ResourceName, m =>
            new K8s.ApiExtensions.CustomResource(m.ResourceName, new SpecResourceArgs(Tokens.TraefikApiVersion, "Middleware")
            {
                Metadata = new Meta.ObjectMetaArgs { Name = m.MiddlewareName, Namespace = namespaceName },
                Spec = new Dictionary<string, object>(m.Spec),
            }, PolicyOptions.Child(this, provider)));

        var shims = plan.Shims.Select(s => Shim(s, provider, namespaceName)).ToList();

        var references = plan.Middlewares.ToDictionary(m => m.ResourceName, m => m.Reference);
        var waitFor = backends.Concat(shims).Append(helmConfig).ToList();
        foreach (var i in plan.Ingresses)
            _ = new K8s.Networking.V1.Ingress(i.ResourceName, new Net.IngressArgs
            {
                Metadata = new Meta.ObjectMetaArgs
                {
                    Name = i.IngressName,
                    Namespace = namespaceName,
                    Annotations =
                    {
                        ["traefik.ingress.kubernetes.io/router.entrypoints"] = "websecure",
                        ["traefik.ingress.kubernetes.io/router.tls"] = "true",
                        ["traefik.ingress.kubernetes.io/router.tls.certresolver"] = GatewayPlan.CertResolver,
                        ["traefik.ingress.kubernetes.io/router.middlewares"] = string.Join(",", i.Middlewares.Select(m => references[m])),
                    },
                },
                Spec = new Net.IngressSpecArgs
                {
                    Rules =
                    {
                        new Net.IngressRuleArgs
                        {
                            Host = plan.Host,
                            Http = new Net.HTTPIngressRuleValueArgs
                            {
                                Paths =
                                {
                                    new Net.HTTPIngressPathArgs
                                    {
                                        Path = i.Path,
                                        PathType = "Prefix",
                                        Backend = new Net.IngressBackendArgs
                                        {
                                            Service = new Net.IngressServiceBackendArgs
                                            {
                                                Name = i.Backend,
                                                Port = new Net.ServiceBackendPortArgs { Number = i.Port },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            }, PolicyOptions.For(ResourcePolicy.None, this, provider, [.. waitFor, .. i.Middlewares.Select(m => middlewares[m])]));

        RegisterOutputs(new Dictionary<string, object?> { ["host"] = plan.Host });
    }

    /// <summary>
    /// A Service for a backend outside the cluster: an ExternalName alias, or a selector-less ClusterIP
    /// with hand-written Endpoints (the oracle bridge, reached over the private network).
    /// </summary>
    private Resource Shim(ShimPlan shim, K8s.Provider provider, Input<string> namespaceName)
    {
        var s = shim.Settings;
        var metadata = new Meta.ObjectMetaArgs { Name = s.Name, Namespace = namespaceName };
        var ports = new Core.ServicePortArgs { Port = s.Port, TargetPort = s.Port };
        var service = new K8s.Core.V1.Service(shim.ServiceResource, new Core.ServiceArgs
        {
            Metadata = metadata,
            Spec = s.ExternalName is { } external
                ? new Core.ServiceSpecArgs { Type = "ExternalName", ExternalName = external, Ports = { ports } }
                : new Core.ServiceSpecArgs { Type = "ClusterIP", Ports = { ports } },
        }, PolicyOptions.Child(this, provider));
        if (s.Address is not { } address)
            return service;

        // Endpoints take the Service's name; a selector-less Service routes only to these.
        return new K8s.Core.V1.Endpoints(shim.EndpointsResource, new Core.EndpointsArgs
        {
            Metadata = new Meta.ObjectMetaArgs { Name = s.Name, Namespace = namespaceName },
            Subsets =
            {
                new Core.EndpointSubsetArgs
                {
                    Addresses = { new Core.EndpointAddressArgs { Ip = address } },
                    Ports = { new Core.EndpointPortArgs { Port = s.Port } },
                },
            },
        }, PolicyOptions.For(ResourcePolicy.None, this, provider, [service]));
    }
}

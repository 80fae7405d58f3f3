using Pulumi;
using K8s = Pulumi.Kubernetes;

namespace Platform.Components.Cluster;

/// <summary>
/// Args for a custom resource whose schema the SDK does not know (Traefik's Middleware, k3s's
/// HelmChartConfig): apiVersion, kind, metadata, and a free-form <c>spec</c>. The SDK derives the type
/// token from apiVersion and kind (<c>kubernetes:traefik.io/v1alpha1:Middleware</c>).
/// </summary>
public sealed class SpecResourceArgs(string apiVersion, string kind) : K8s.ApiExtensions.CustomResourceArgs(apiVersion, kind)
{
    [Input("spec")]
    public InputMap<object> Spec
    {
        get => _spec ??= new InputMap<object>();
        set => _spec = value;
    }
    private InputMap<object>? _spec;
}

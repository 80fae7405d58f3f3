using Platform.Stacks.Cluster;
using YamlDotNet.RepresentationModel;

namespace Platform.Stacks.Tests.Rules;

/// <summary>
/// The gateway's HelmChartConfig values, read as the chart reads them (YAML keys by path), for the chart the
/// pinned k3s bundles (stacks/Cluster/TraefikChart.cs cites which chart each k3s line bundles).
/// </summary>
public class TraefikValuesTests
{
    [Fact]
    public void Traefik_accepts_externalname_backends_so_the_fos_shim_is_routed()
    {
        var values = Values(Stack.Production.Plan().Gateway);

        Assert.Equal("true", Scalar(values, "providers", "kubernetesIngress", "allowExternalNameServices"));
        Assert.Contains(Stack.Production.Plan().Gateway.Shims, s => s.Settings.ExternalName is not null);
    }

    [Fact]
    public void K3s_131_bundles_chart_27_which_redirects_with_redirectTo()
    {
        var values = Values(Stack.Production.Set("platform:cluster.k3sVersion", "v1.31.4+k3s1").Plan().Gateway);

        Assert.Equal("websecure", Scalar(values, "ports", "web", "redirectTo", "port"));
        Assert.Null(Node(values, "ports", "web", "redirections"));
    }

    [Theory]
    [InlineData("v1.32.2+k3s1")]
    [InlineData("v1.32.5+k3s1")]
    public void K3s_132_from_patch_2_bundles_chart_34_where_redirectTo_was_removed(string version)
    {
        var values = Values(Stack.Production.Set("platform:cluster.k3sVersion", version).Plan().Gateway);

        Assert.Equal("websecure", Scalar(values, "ports", "web", "redirections", "entryPoint", "to"));
        Assert.Equal("https", Scalar(values, "ports", "web", "redirections", "entryPoint", "scheme"));
        Assert.Null(Node(values, "ports", "web", "redirectTo"));
    }

    [Fact]
    public void Chart_27_takes_lets_encrypt_under_certResolvers()
    {
        var gateway = Stack.Production.Set("platform:cluster.k3sVersion", "v1.31.4+k3s1").Plan().Gateway;
        var values = Values(gateway);

        Assert.Equal(gateway.AcmeEmail, Scalar(values, "certResolvers", GatewayPlan.CertResolver, "email"));
        Assert.Equal("true", Scalar(values, "certResolvers", GatewayPlan.CertResolver, "tlsChallenge"));
        Assert.Null(Node(values, "certificatesResolvers"));
    }

    [Theory]
    [InlineData("v1.32.2+k3s1")]
    [InlineData("v1.32.11+k3s1")]
    public void Chart_34_takes_lets_encrypt_under_certificatesResolvers_acme_as_traefik_does(string version)
    {
        // traefik-helm-chart v33.0.0 (commit 016822d8, "use same syntax in Chart and in Traefik") replaced
        // `certResolvers.<name>.<option>` by `certificatesResolvers.<name>.acme.<option>`; charts 33 to 38 ignore
        // an unknown top-level key, so the old one would leave the Ingresses' resolver undefined (no certificate).
        var gateway = Stack.Production.Set("platform:cluster.k3sVersion", version).Plan().Gateway;
        var values = Values(gateway);

        Assert.Equal(gateway.AcmeEmail, Scalar(values, "certificatesResolvers", GatewayPlan.CertResolver, "acme", "email"));
        Assert.Equal("true", Scalar(values, "certificatesResolvers", GatewayPlan.CertResolver, "acme", "tlsChallenge"));
        Assert.Equal("/data/acme.json", Scalar(values, "certificatesResolvers", GatewayPlan.CertResolver, "acme", "storage"));
        Assert.Null(Node(values, "certResolvers"));
    }

    [Theory]
    [InlineData("v1.32.12+k3s1")]
    [InlineData("v1.32.13+k3s1")]
    public void K3s_132_patches_that_bundle_chart_39_are_refused_until_their_values_are_written(string version)
    {
        // k3s-io/k3s#13481 (Jan 2026) and #13814 (traefik-39.0.501+up39.0.5) moved the 1.32 line to chart 39,
        // whose ports.<name> accepts `http.redirections`, no longer `redirections` (values.schema.json:
        // additionalProperties false), so chart 34's values would fail its install job.
        var problem = Assert.Single(Stack.Staging.Set("platform:cluster.k3sVersion", version).Problems());

        Assert.Equal("platform:cluster.k3sVersion", problem.Key);
        Assert.Contains("Traefik chart", problem.Message);
    }

    [Fact]
    public void The_other_values_are_the_same_for_both_charts()
    {
        foreach (var version in new[] { "v1.31.4+k3s1", "v1.32.3+k3s1" })
        {
            var values = Values(Stack.Production.Set("platform:cluster.k3sVersion", version).Plan().Gateway);
            Assert.Equal("json", Scalar(values, "logs", "access", "format"));
            Assert.Equal("drop", Scalar(values, "logs", "access", "fields", "headers", "names", "Authorization"));
            Assert.Equal("drop", Scalar(values, "logs", "access", "fields", "headers", "names", "Cookie"));
            Assert.Equal("false", Scalar(values, "ingressRoute", "dashboard", "enabled"));
        }
    }

    [Theory]
    [InlineData("v1.33.1+k3s1")]
    [InlineData("v1.30.8+k3s1")]
    public void A_k3s_line_whose_chart_values_are_unknown_is_refused_at_validate(string version)
    {
        var problem = Assert.Single(Stack.Staging.Set("platform:cluster.k3sVersion", version).Problems());

        Assert.Equal("platform:cluster.k3sVersion", problem.Key);
        Assert.Contains("Traefik chart", problem.Message);
        Assert.Contains("v1.31, v1.32", problem.Message);
    }

    private static YamlMappingNode Values(GatewayPlan gateway)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(gateway.TraefikValues));
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlNode? Node(YamlMappingNode root, params string[] path)
    {
        YamlNode? at = root;
        foreach (var key in path)
            at = at is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        return at;
    }

    private static string? Scalar(YamlMappingNode root, params string[] path) => (Node(root, path) as YamlScalarNode)?.Value;
}

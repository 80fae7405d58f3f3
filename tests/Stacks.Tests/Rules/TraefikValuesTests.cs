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

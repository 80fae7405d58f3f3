using System.Collections.Immutable;
using Platform.Components.Cluster;
using Platform.Components.Hetzner;
using Platform.Components.Secrets;
using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Pulumi;
using Pulumi.Testing;

namespace Platform.Components.Tests.Cluster;

[Collection(PulumiCollection.Name)]
public sealed class ClusterTests
{
    /// <summary>The cluster's components on the production plan, wired the way the program wires them.</summary>
    private static Task<PulumiTest> Cluster(string stack) => PulumiTest.Components(stack, (plan, test) =>
    {
        var key = Output.CreateSecret("test private key");
        var host = new DedicatedHost(plan.Dedicated!, key);
        var k3s = new K3sCluster(plan.K3s, new SshAccess(plan.K3s.Host.PublicIp!, plan.K3s.Host.SshUser, key, host.Vlan));
        var namespaces = plan.Namespaces.ToDictionary(n => n.NamespaceName, n => new ClusterNamespace(n, k3s.Provider));
        var secrets = plan.GeneratedSecrets.ToDictionary(g => g.SecretName, g => new GeneratedSecret(g, k3s.Provider, namespaces[g.NamespaceResource].Name));
        var workloads = plan.Workloads.ToDictionary(w => w.ServiceName, w => new Workload(w, k3s.Provider, namespaces[w.NamespaceResource].Name, secrets));
        _ = new Gateway(plan.Gateway, k3s.Provider, namespaces[plan.Gateway.NamespaceResource].Name,
            plan.Gateway.BackendResources.Select(b => (Resource)workloads[b].Service));
        return new Dictionary<string, object?> { ["kubeconfig"] = k3s.Kubeconfig };
    });

    [Fact]
    public async Task The_k3s_install_reserves_memory_for_the_system_and_evicts_early()
    {
        var test = await Cluster("production");

        var install = test.Named("k3s-install");
        // The plan's values are the script's header (quoted assignments); Cluster/Scripts/install.sh writes them into
        // config.yaml's kubelet-arg list, which K3sScriptTests reads back from a host that ran it.
        Assert.Contains($"\nkubelet_system_reserved={Shell.Quote(K3sScripts.KubeletSystemReserved)}\n", install.Text("create"));
        Assert.Contains($"\nkubelet_eviction_hard={Shell.Quote(K3sScripts.KubeletEvictionHard)}\n", install.Text("create"));
        Assert.Contains("kubelet-arg:\n  - \"$kubelet_system_reserved\"\n  - \"$kubelet_eviction_hard\"\n", install.Text("create"));
        Assert.Contains("system-reserved=memory=2Gi", install.Text("create"));
        Assert.Equal(ScriptInputs.Encode([new(K3sScripts.PublicIpVariable, "157.180.13.84")]), install.Text("stdin"));
    }

    [Fact]
    public async Task The_kubeconfig_is_read_again_every_month_and_a_new_one_updates_the_provider_in_place()
    {
        var test = await Cluster("production");

        var read = test.Named("k3s-kubeconfig");
        Assert.Equal([K3sScripts.KubeconfigRefresh(DateTime.UtcNow)], read.Texts("triggers"));
        Assert.Equal("k3s", test.Named("k3s-provider").Text("clusterIdentifier"));
    }

    [Fact]
    public async Task No_step_offers_its_previous_output_to_the_host()
    {
        var test = await Cluster("production");

        foreach (var name in new[] { "k3s-install", "k3s-kubeconfig", "ax42u-hel1-vlan" })
            Assert.Equal(false, test.Named(name).At("addPreviousOutputInEnv"));
    }

    [Fact]
    public async Task The_kubeconfig_is_a_secret_and_the_provider_applies_server_side()
    {
        var test = await Cluster("production");

        Assert.True(await Output.IsSecretAsync((Output<string>)test.Outputs["kubeconfig"]!));
        Assert.True(test.Named("k3s-provider").At("enableServerSideApply") is true or "true");
    }

    [Fact]
    public async Task Every_container_has_cpu_and_memory_requests_and_limits()
    {
        var test = await Cluster("production");

        var deployments = test.OfType(Tokens.Deployment).ToList();
        Assert.Equal(7, deployments.Count);
        foreach (var d in deployments)
            foreach (var c in ((ImmutableArray<object>)d.At("spec.template.spec.containers")!).Cast<IImmutableDictionary<string, object>>())
                foreach (var kind in new[] { "requests", "limits" })
                    foreach (var resource in new[] { "cpu", "memory" })
                        Assert.True(((IImmutableDictionary<string, object>)((IImmutableDictionary<string, object>)c["resources"])[kind]).ContainsKey(resource),
                            $"{d.Name}: no {kind}.{resource}");
    }

    [Fact]
    public async Task A_rolling_update_is_applied_with_its_surge_so_a_later_switch_to_recreate_drops_it()
    {
        // The API server defaults spec.strategy.rollingUpdate, and server-side apply keeps a field no manager
        // owns: switching such a Deployment to Recreate is refused ("spec.strategy.rollingUpdate: Forbidden:
        // may not be specified when strategy `type` is 'Recreate'", pulumi/pulumi-kubernetes#2843,
        // kubernetes/kubernetes#24198). Applied explicitly, the field is the program's and leaves with it.
        var test = await Cluster("production");

        var rolling = test.Named("hello-world-glitchtip-deployment");
        Assert.Equal(WorkloadSettings.RollingUpdate, rolling.Text("spec.strategy.type"));
        Assert.Equal(WorkloadSettings.MaxSurge, rolling.Text("spec.strategy.rollingUpdate.maxSurge"));
        Assert.Equal(WorkloadSettings.MaxUnavailable, rolling.Text("spec.strategy.rollingUpdate.maxUnavailable"));
        var recreate = test.Named("platform-ollama-deployment");
        Assert.Equal(WorkloadSettings.Recreate, recreate.Text("spec.strategy.type"));
        Assert.Null(recreate.At("spec.strategy.rollingUpdate"));
    }

    [Fact]
    public async Task A_workload_gets_its_generated_secrets_as_environment()
    {
        var test = await Cluster("production");

        Assert.Equal("service-tokens", test.Named("platform-token-authz-deployment").Text("spec.template.spec.containers.0.envFrom.0.secretRef.name"));
        Assert.Null(test.Named("platform-health-deployment").At("spec.template.spec.containers.0.envFrom.0"));
    }

    [Fact]
    public async Task Every_namespace_has_a_limit_range_and_a_quota_on_requests_and_limits()
    {
        var test = await Cluster("production");

        foreach (var ns in PulumiTest.Plan("production").Namespaces)
        {
            Assert.Equal(ns.Settings.MaxMemory, test.Named(ns.LimitRangeName).Text("spec.limits.0.max.memory"));
            Assert.Equal(ns.Settings.DefaultCpu, test.Named(ns.LimitRangeName).Text("spec.limits.0.defaultRequest.cpu"));
            var hard = (IImmutableDictionary<string, object>)test.Named(ns.QuotaName).At("spec.hard")!;
            Assert.Equal(["limits.cpu", "limits.memory", "requests.cpu", "requests.memory"], hard.Keys.Order());
        }
        Assert.Equal("edit", test.Named("hello-world-coby-edit").Text("roleRef.name"));
    }

    [Fact]
    public async Task Every_kubernetes_object_is_named_explicitly_and_goes_through_the_k3s_provider()
    {
        var test = await Cluster("production");

        var objects = test.Registered.Where(r => r.Type!.StartsWith("kubernetes:")).ToList();
        Assert.NotEmpty(objects);
        Assert.All(objects, r => Assert.False(string.IsNullOrEmpty(r.Text("metadata.name")), $"{r.Name} is auto-named"));
        Assert.All(objects, r => Assert.Contains("k3s-provider", r.Provider));
    }

    [Fact]
    public async Task Generated_tokens_are_long_alphanumeric_and_keys_are_32_bytes()
    {
        var test = await Cluster("production");

        Assert.All(test.OfType(Tokens.RandomPassword), p => Assert.Equal((48.0, false), ((double)p.At("length")!, (bool)p.At("special")!)));
        Assert.Equal(32.0, test.OfType(Tokens.RandomBytes).Single().At("length"));
        Assert.Equal(3, ((IImmutableDictionary<string, object>)test.Named("service-tokens-secret").At("stringData")!).Count);
    }

    [Fact]
    public async Task The_gateway_tunes_traefik_and_routes_each_path_through_its_middlewares()
    {
        var test = await Cluster("production");
        var plan = PulumiTest.Plan("production").Gateway;

        var traefik = test.Named(plan.HelmChartConfigName);
        Assert.Equal(("helm.cattle.io/v1", "HelmChartConfig", "traefik", "kube-system"),
            (traefik.Text("apiVersion"), traefik.Text("kind"), traefik.Text("metadata.name"), traefik.Text("metadata.namespace")));
        Assert.Equal(plan.TraefikValues, traefik.Text("spec.valuesContent"));

        var notify = test.Named("route-notify");
        var middlewares = Annotation(notify, "traefik.ingress.kubernetes.io/router.middlewares");
        Assert.Equal(string.Join(",", plan.Ingresses.Single(i => i.ResourceName == "route-notify").Middlewares
            .Select(m => plan.Middlewares.Single(p => p.ResourceName == m).Reference)), middlewares);
        Assert.Contains("platform-service-token-auth@kubernetescrd", middlewares);
        Assert.Equal(GatewayPlan.CertResolver, Annotation(notify, "traefik.ingress.kubernetes.io/router.tls.certresolver"));
        Assert.Equal("websecure", Annotation(notify, "traefik.ingress.kubernetes.io/router.entrypoints"));
        Assert.Equal(("apis.helloworlddao.com", "/notify", "Prefix", "notification-service", 3100.0),
            (notify.Text("spec.rules.0.host"), notify.Text("spec.rules.0.http.paths.0.path"), notify.Text("spec.rules.0.http.paths.0.pathType"),
             notify.Text("spec.rules.0.http.paths.0.backend.service.name"), (double)notify.At("spec.rules.0.http.paths.0.backend.service.port.number")!));
        Assert.Equal("traefik.io/v1alpha1", test.Named("gw-rate-limit").Text("apiVersion"));
        Assert.Equal(200.0, test.Named("gw-rate-limit").At("spec.rateLimit.burst"));
    }

    [Fact]
    public async Task Shims_reach_backends_outside_the_cluster()
    {
        var test = await Cluster("production");

        Assert.Equal(("ExternalName", "founderyos-api.founderyos.svc.cluster.local"),
            (test.Named("shim-fos-shim").Text("spec.type"), test.Named("shim-fos-shim").Text("spec.externalName")));
        Assert.Null(test.Named("shim-oracle-shim").At("spec.selector"));
        Assert.Equal("10.0.0.2", test.Named("shim-oracle-shim-endpoints").Text("subsets.0.addresses.0.ip"));
        Assert.Equal("oracle-shim", test.Named("shim-oracle-shim-endpoints").Text("metadata.name"));
    }

    private static string? Annotation(MockResourceArgs r, string key) =>
        ((IImmutableDictionary<string, object>)r.At("metadata.annotations")!).TryGetValue(key, out var v) ? (string)v : null;
}

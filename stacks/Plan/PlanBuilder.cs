using Platform.Stacks.Backup;
using Platform.Stacks.Cluster;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Storage;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Plan;

/// <summary>Turns valid settings into the plan. Every decision the components apply is taken here.</summary>
public static class PlanBuilder
{
    public static StackPlan Build(StackSettings s)
    {
        var h = s.Hetzner;
        var network = new NetworkPlan(h.Network.Name, h.Network.IpRange, h.Network.NetworkZone, h.Network.CloudSubnet,
            h.Network.Vswitch, Policies.ProviderDeleteProtection(s), Policies.Stateful(s, h.Network.ImportId),
            Policies.Stateful(s, h.Network.CloudSubnetImportId), Policies.Stateful(s, h.Network.Vswitch?.SubnetImportId));
        var sshKeys = new SshKeysPlan("ssh-keys", h.SshKeys);
        var servers = h.Servers.Select(x => Server(s, x, network, sshKeys)).ToList();
        var dedicated = h.Dedicated is { } d && h.Network.Vswitch is { } v
            ? new DedicatedHostPlan(d.Name, d.PublicIp, d.PrivateIp, d.SshUser, HostScripts.VlanInterface(d, v), v.Vlan,
                HostScripts.Vlan(d, v, h.Network.IpRange, Firewall(s, d.Name, HostScripts.VlanInterface(d, v), d.OpenPorts)))
            : null;

        var hosts = Hosts(s, servers, dedicated);
        var k3sHost = hosts[s.Cluster.Host];
        var k3s = new K3sPlan("k3s", k3sHost, s.Cluster.K3sVersion, FlannelInterface(s),
            K3sScripts.Install(s.Cluster.K3sVersion, k3sHost.PrivateIp, FlannelInterface(s)), K3sScripts.ReadKubeconfig());

        var namespaces = s.Cluster.Namespaces.Select(n => new NamespacePlan(n, k3s.ProviderName)).ToList();
        string NamespaceResource(string ns) => namespaces.First(n => n.Settings.Name == ns).NamespaceName;
        var secrets = s.Cluster.GeneratedSecrets.Select(g => new GeneratedSecretPlan(g, NamespaceResource(g.Namespace))).ToList();
        var workloads = s.Cluster.Workloads.Select(w => new WorkloadPlan(w, NamespaceResource(w.Namespace),
            w.SecretEnv.Select(e => secrets.First(g => g.Settings.Name == e && g.Settings.Namespace == w.Namespace).SecretName).ToList())).ToList();

        var vault = VaultPlanBuilder.Build(s, hosts[s.Vault.Host], secrets, new VaultTarget(hosts[s.Vault.Host].PrivateIp));
        return new StackPlan(s.Stack, sshKeys, network, servers, dedicated,
            s.Storage.R2Buckets.Select(b => new R2BucketPlan(b.Name, s.Storage.AccountId!, b.LocationHint!, b.Jurisdiction, CorsRule.BrowserUploads,
                Policies.Bucket(s, R2BucketPlan.PermanentLocation))).ToList(),
            s.Storage.HetznerBuckets.Select(b => new HetznerBucketPlan(b.Name, b.Region, CorsRule.BrowserUploads, Policies.Bucket(s))).ToList(),
            Dns(s, hosts),
            k3s, namespaces, secrets, workloads,
            Gateway(s, workloads, NamespaceResource(GatewayNames.Namespace)),
            vault,
            BackupPlanBuilder.Build(s, hosts, vault.Step(VaultStepKind.AppRoleFiles).Name, k3s.InstallName));
    }

    private static ServerPlan Server(StackSettings s, ServerSettings x, NetworkPlan network, SshKeysPlan keys)
    {
        var rules = new List<FirewallRule>
        {
            new("ssh from admins", "tcp", HostScripts.SshPort.ToString(), s.Hetzner.SshSources),
            new("icmp", "icmp", null, ["0.0.0.0/0", "::/0"]),
        };
        rules.AddRange(AdminPorts(s, x.Name).Select(p => new FirewallRule($"admin port {p}", "tcp", p.ToString(), s.Hetzner.SshSources)));
        rules.AddRange(x.OpenPorts.Select(p => new FirewallRule($"public {p}", "tcp", p.ToString(), ["0.0.0.0/0", "::/0"])));
        return new ServerPlan(x.Name, x.ServerType, s.Hetzner.Location, x.Image, x.Labels, x.Backups, x.PrivateIp,
            HostScripts.CloudInit(x.Name, ServerPlan.HostCommandNameOf(x.Name)),
            HostScripts.CloudHost(x.Name, Firewall(s, x.Name, HostScripts.CloudPrivateInterface, x.OpenPorts)),
            rules, keys.Keys.Select(keys.KeyName).ToList(), network.CloudSubnetName,
            Policies.ProviderDeleteProtection(s), Policies.Server(s, x.ImportId), Policies.Stateful(s, x.PrimaryIpImportId),
            Policies.Adopted(x.FirewallImportId), x.PublicIp, x.Ipv6);
    }

    /// <summary>A host's ufw rules; the cluster host also lets the cluster's pod and service ranges in.</summary>
    private static HostFirewall Firewall(StackSettings s, string host, string privateInterface, IReadOnlyList<int> publicPorts) =>
        new(privateInterface, s.Hetzner.Network.IpRange, s.Hetzner.SshSources, AdminPorts(s, host), publicPorts,
            s.Cluster.Host == host ? ClusterNetwork.Ranges : []);

    /// <summary>Ports only the admin ranges reach besides SSH: the k3s API on the cluster host (the deploy runner's kubeconfig).</summary>
    private static IReadOnlyList<int> AdminPorts(StackSettings s, string host) =>
        s.Cluster.Host == host ? [HostScripts.KubernetesApiPort] : [];

    private static Dictionary<string, HostAccess> Hosts(StackSettings s, List<ServerPlan> servers, DedicatedHostPlan? dedicated)
    {
        var hosts = servers.ToDictionary(x => x.Name, x => new HostAccess(x.Address, x.PrivateIp, ServerPlan.SshUser, x.HostCommandName));
        if (dedicated is not null)
            hosts[dedicated.Name] = new HostAccess(dedicated.Address, dedicated.PrivateIp, dedicated.SshUser, dedicated.VlanCommandName);
        return hosts;
    }

    /// <summary>Flannel runs over the private network: the VLAN interface on the dedicated server, enp7s0 on a cloud server.</summary>
    private static string FlannelInterface(StackSettings s) =>
        s.Hetzner.Dedicated is { } d && d.Name == s.Cluster.Host && s.Hetzner.Network.Vswitch is { } v
            ? HostScripts.VlanInterface(d, v)
            : HostScripts.CloudPrivateInterface;

    private static DnsZonePlan Dns(StackSettings s, IReadOnlyDictionary<string, HostAccess> hosts)
    {
        var zone = DnsZone.Zone(s.Dns);
        var ic = zone.IcDomains.Select(d => new IcCustomDomainPlan(
            $"ic-{(d.Domain.Name == DnsZone.Apex ? "apex" : d.Domain.Name)}", DnsZone.Fqdn(d.Domain.Name, s.Dns.Zone), d.Domain.CanisterId,
            d.Records, s.Dns.RegisterIcDomains)).ToList();
        // A record that names a host holds its address: the dedicated server's, known now; a cloud server's primary IP output.
        var plain = zone.Records.Select(r => r.Server is { } host ? r with { Address = hosts[host].Address } : r).ToList();
        return new DnsZonePlan($"dns-{s.Dns.Zone.Replace('.', '-')}", s.Dns.Zone, s.Dns.ZoneId, plain, ic);
    }

    private static GatewayPlan Gateway(StackSettings s, List<WorkloadPlan> workloads, string namespaceResource)
    {
        var g = s.Gateway;
        string Slug(string path) => path.Trim('/').Replace('/', '-') is { Length: > 0 } slug ? slug : "root";
        var common = new List<MiddlewarePlan>
        {
            new("gw-cors", "cors", new Dictionary<string, object>
            {
                ["headers"] = new Dictionary<string, object>
                {
                    ["accessControlAllowOriginList"] = g.CorsOrigins,
                    ["accessControlAllowMethods"] = new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" },
                    ["accessControlAllowHeaders"] = new[] { "Authorization", "Content-Type" },
                    ["accessControlAllowCredentials"] = true,
                    ["accessControlMaxAge"] = 600,
                    ["addVaryHeader"] = true,
                },
            }),
            new("gw-rate-limit", "rate-limit", new Dictionary<string, object>
            {
                ["rateLimit"] = new Dictionary<string, object> { ["average"] = g.RateAverage, ["burst"] = g.RateBurst },
            }),
            new("gw-security-headers", "security-headers", new Dictionary<string, object>
            {
                ["headers"] = new Dictionary<string, object>
                {
                    ["stsSeconds"] = 31536000, ["stsIncludeSubdomains"] = true, ["contentTypeNosniff"] = true,
                    ["frameDeny"] = true, ["referrerPolicy"] = "strict-origin-when-cross-origin",
                },
            }),
        };
        var auth = new MiddlewarePlan("gw-service-token-auth", "service-token-auth", new Dictionary<string, object>
        {
            ["forwardAuth"] = new Dictionary<string, object>
            {
                ["address"] = $"http://{GatewayNames.TokenAuthz}.{GatewayNames.Namespace}.svc.cluster.local:{s.Cluster.Workloads.FirstOrDefault(w => w.Name == GatewayNames.TokenAuthz)?.Port ?? 8080}/verify",
                ["authResponseHeaders"] = new[] { "X-Service-Name" },
            },
        });
        var strips = g.Routes.Where(r => r.StripPrefix).Select(r => new MiddlewarePlan($"gw-strip-{Slug(r.Path)}", $"strip-{Slug(r.Path)}",
            new Dictionary<string, object> { ["stripPrefix"] = new Dictionary<string, object> { ["prefixes"] = new[] { r.Path } } })).ToList();

        var middlewares = common.Concat(strips).Concat(g.Routes.Any(r => r.ServiceTokenAuth) ? [auth] : []).ToList();
        var ingresses = g.Routes.Select(r =>
        {
            var chain = common.Select(m => m.ResourceName).ToList();
            if (r.ServiceTokenAuth) chain.Add(auth.ResourceName);
            if (r.StripPrefix) chain.Add($"gw-strip-{Slug(r.Path)}");
            return new IngressPlan($"route-{Slug(r.Path)}", $"route-{Slug(r.Path)}", r.Path, r.Backend, r.Port, chain);
        }).ToList();
        var backends = workloads.Where(w => g.Routes.Any(r => r.Backend == w.Settings.Name)).Select(w => w.ServiceName).ToList();
        return new GatewayPlan(g.Host, $"ops@{s.Dns.Zone}", middlewares, ingresses, g.Shims.Select(x => new ShimPlan(x)).ToList(),
            namespaceResource, backends,
            TraefikChart.For(s.Cluster.K3sVersion) ?? throw new InvalidOperationException($"no Traefik values for k3s {s.Cluster.K3sVersion}: validation refuses it."));
    }
}

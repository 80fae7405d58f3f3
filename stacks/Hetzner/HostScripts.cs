using Platform.Stacks.Plan;

namespace Platform.Stacks.Hetzner;

/// <summary>
/// What the hosts run to become part of the platform: the first-boot cloud-config of a cloud server, the
/// re-runnable setup of a cloud server (packages, firewall), and the vSwitch VLAN and firewall of the
/// dedicated server. The remote steps converge: every run brings the host to the plan, a run with nothing
/// to do changes nothing, and a run that failed half-way is completed by the next.
/// </summary>
public static class HostScripts
{
    /// <summary>The private interface of a Hetzner Cloud server attached to a network (docs/sources/hello-world-dao-infrastructure.txt: enp7s0).</summary>
    public const string CloudPrivateInterface = "enp7s0";

    /// <summary>Hetzner requires MTU 1400 on vSwitch VLAN interfaces.</summary>
    public const int VswitchMtu = 1400;

    public const int SshPort = 22;
    public const int KubernetesApiPort = 6443;

    /// <summary>What every host keeps installed: its firewall and security updates.</summary>
    public static readonly IReadOnlyList<string> BasePackages = ["ufw", "unattended-upgrades"];

    /// <summary>The rules this platform added last, so that a rule dropped from the config is deleted too.</summary>
    public const string FirewallRecord = "/etc/ufw/platform-rules";

    /// <summary>
    /// First-boot user data of a cloud server, as <c>#cloud-config</c> (which <c>cloud-init schema</c> checks).
    /// It only starts the packages early: userData is ignored after creation (Policies.Server), so what must
    /// hold on the host is converged by the re-runnable <see cref="CloudHost"/> step.
    /// </summary>
    public static string CloudInit(string serverName, string hostCommandName) => $"""
        #cloud-config
        # cloud-init user data of {serverName}: runs once, at first boot. The firewall and packages are kept
        # by the remote command {hostCommandName} on every deployment (stacks/Hetzner/HostScripts.cs).
        package_update: true
        packages:
        {string.Concat(BasePackages.Select(p => $"  - {p}\n"))}
        """;

    /// <summary>Keeps a cloud server's packages and firewall as the plan says; run on every change, safe to re-run.</summary>
    public static string CloudHost(string serverName, HostFirewall firewall) =>
        Firewall(Packages(new ShellScript()), firewall)
            .Part(PackagesPart).Part(FirewallPart)
            .Script($"Packages and firewall of {serverName}: idempotent, safe to re-run.");

    /// <summary>
    /// Configures the vSwitch VLAN on the dedicated server (VLAN id, private IP, route to the cloud range
    /// through the vSwitch gateway, MTU 1400) and its host firewall (<c>Hetzner/Scripts/vlan.sh</c>, then the
    /// packages and the firewall of every host).
    /// </summary>
    public static string Vlan(DedicatedHostSettings host, VswitchSettings vswitch, string cloudRange, HostFirewall firewall)
    {
        var prefix = vswitch.Subnet.Split('/')[1];
        var script = new ShellScript()
            .Set("netplan_file", $"/etc/netplan/60-vswitch-{vswitch.Vlan}.yaml")
            .Set("link", host.Interface)
            .Set("vlan_interface", VlanInterface(host, vswitch))
            .Set("vlan_id", vswitch.Vlan)
            .Set("mtu", VswitchMtu)
            .Set("address", $"{host.PrivateIp}/{prefix}")
            .Set("cloud_range", cloudRange)
            .Set("gateway", vswitch.Gateway);
        return Firewall(Packages(script), firewall)
            .Part("Hetzner/Scripts/vlan.sh").Part(PackagesPart).Part(FirewallPart)
            .Script($"vSwitch {vswitch.Id} (VLAN {vswitch.Vlan}) on {host.Name}: idempotent, safe to re-run.");
    }

    public static string VlanInterface(DedicatedHostSettings host, VswitchSettings vswitch) => $"{host.Interface}.{vswitch.Vlan}";

    /// <summary>Installs the header's <c>packages</c> that are missing: every host step, and the backups' (BackupScripts).</summary>
    public const string PackagesPart = "Hetzner/Scripts/packages.sh";

    private const string FirewallPart = "Hetzner/Scripts/firewall.sh";

    /// <summary>What <c>Hetzner/Scripts/packages.sh</c> installs when missing, waiting for cloud-init and another apt first.</summary>
    private static ShellScript Packages(ShellScript script) => script.Array("packages", BasePackages);

    /// <summary>
    /// The rules of <c>Hetzner/Scripts/firewall.sh</c>, which converges ufw: deny incoming by default; SSH and the admin
    /// ports from the admin ranges; the public ports; the private range on the private interface only; on the cluster
    /// host, the pod and service ranges (docs.k3s.io/installation/requirements) on the cluster's own interfaces only
    /// (ClusterNetwork.Interfaces).
    /// </summary>
    private static ShellScript Firewall(ShellScript script, HostFirewall f)
    {
        var rules = new List<string>();
        foreach (var cidr in f.SshSources)
            foreach (var port in f.AdminPorts.Prepend(SshPort))
                rules.Add($"allow proto tcp from {cidr} to any port {port}");
        rules.AddRange(f.PublicPorts.Select(p => $"allow {p}/tcp"));
        rules.Add($"allow in on {f.PrivateInterface} from {f.PrivateRange}");
        rules.AddRange(f.ClusterRanges.SelectMany(r => Cluster.ClusterNetwork.Interfaces.Select(i => $"allow in on {i} from {r}")));
        return script.Array("rules", rules).Set("record", FirewallRecord).Array("admin_cidrs", f.SshSources);
    }
}

/// <summary>
/// A host's ufw rules: the admin ranges and the deploy runner (HetznerSettings.SshSources) reach SSH and the admin ports, anyone the public ports, the private
/// range the private interface, and on the cluster host the cluster's own ranges (ClusterNetwork) reach it.
/// </summary>
public sealed record HostFirewall(
    string PrivateInterface, string PrivateRange, IReadOnlyList<string> SshSources, IReadOnlyList<int> AdminPorts,
    IReadOnlyList<int> PublicPorts, IReadOnlyList<string> ClusterRanges);

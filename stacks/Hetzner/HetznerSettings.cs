using Platform.Stacks.Config;

namespace Platform.Stacks.Hetzner;

/// <summary>
/// <see cref="AdminCidrs"/>: the operators' egress ranges. <see cref="DeployRunnerCidrs"/>: the egress address of
/// the deploy runner, where the delivery workflows run `pulumi up` (and the oracle bridge's own deploy workflows
/// SSH to its host): README "Deploying for real", the network path. Both reach SSH and the k3s API, through the
/// Hetzner firewall and the hosts' ufw alike (<see cref="SshSources"/>, the one list both use).
/// </summary>
public sealed record HetznerSettings(
    string Location,
    IReadOnlyList<string> AdminCidrs,
    IReadOnlyList<string> DeployRunnerCidrs,
    IReadOnlyList<SshKeySettings> SshKeys,
    NetworkSettings Network,
    IReadOnlyList<ServerSettings> Servers,
    DedicatedHostSettings? Dedicated)
{
    public const string ConfigKey = "platform:hetzner";

    /// <summary>Who may reach SSH and the admin ports (the k3s API): the operators and the deploy runner.</summary>
    public IReadOnlyList<string> SshSources => AdminCidrs.Concat(DeployRunnerCidrs).Distinct().ToList();

    public static HetznerSettings Read(Section s)
    {
        var settings = new HetznerSettings(
            s.String("location"),
            s.Strings("adminCidrs"),
            s.Strings("deployRunnerCidrs"),
            s.Sections("sshKeys", k => new SshKeySettings(k.Key, k.String("name"), k.String("publicKey"), k.OptionalString("importId"))),
            NetworkSettings.Read(s.Child("network")),
            s.Sections("servers", ServerSettings.Read),
            s.Child("dedicated") is { Exists: true } d ? DedicatedHostSettings.Read(d) : null);
        s.Done();
        return settings;
    }
}

/// <summary>An SSH key of the project; <see cref="ImportId"/> is its hcloud id when it exists already (Hetzner refuses a second key with the same fingerprint).</summary>
public sealed record SshKeySettings(string Key, string Name, string PublicKey, string? ImportId);

/// <summary>
/// The Cloud Network. Import ids, when it runs already: the network's id, and each subnet's
/// <c>&lt;network-id&gt;-&lt;ip-range&gt;</c> (pulumi-hcloud v1.39.1 sdk/dotnet/NetworkSubnet.cs, "Import").
/// </summary>
public sealed record NetworkSettings(
    string Key, string Name, string IpRange, string NetworkZone, string CloudSubnet, VswitchSettings? Vswitch,
    string? ImportId, string? CloudSubnetImportId)
{
    public static NetworkSettings Read(Section s)
    {
        var v = s.Child("vswitch");
        var settings = new NetworkSettings(s.Key, s.String("name"), s.String("ipRange"), s.String("networkZone", "eu-central"),
            s.String("cloudSubnet"),
            v.Exists ? new VswitchSettings(v.Key, v.Int("id"), v.Int("vlan"), v.String("subnet"), v.String("gateway"), v.OptionalString("subnetImportId")) : null,
            s.OptionalString("importId"), s.OptionalString("cloudSubnetImportId"));
        v.Done();
        s.Done();
        return settings;
    }
}

public sealed record VswitchSettings(string Key, int Id, int Vlan, string Subnet, string Gateway, string? SubnetImportId);

/// <summary>
/// A Hetzner Cloud server. <see cref="Ipv6"/>: whether it has a public IPv6 network, settled at creation (the
/// provider never reads public_net back, see <see cref="Plan.Policies.Server"/>): for a server that runs today it
/// must say what runs, which `adopt` reports from the live server, so that a rebuilt server comes back the same.
/// </summary>
public sealed record ServerSettings(
    string Key, string Name, string ServerType, string Image, string PrivateIp, string? PublicIp,
    bool Backups, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<int> OpenPorts,
    string? ImportId, string? PrimaryIpImportId, string? FirewallImportId, bool Ipv6)
{
    /// <summary>
    /// Import ids of what runs today (pulumi-hcloud v1.39.1 sdk/dotnet, "Import" of each resource): the server's,
    /// the primary IP's and the firewall's own ids. The attachment to the Cloud Network takes none: imported, its
    /// state holds network_id but not the subnet_id the program sets, which forces a replacement, while creating
    /// it over an existing attachment succeeds (terraform-provider-hcloud v1.66.1 internal/server/resource_network.go:
    /// Create ignores server_already_attached; model.go populateNetworkResourceData never sets subnet_id).
    /// </summary>
    public static ServerSettings Read(Section s) => new(
        s.Key, s.String("name"), s.String("serverType"), s.String("image"), s.String("privateIp"),
        s.OptionalString("publicIp"), s.Bool("backups", false), s.StringMap("labels"), s.Ints("openPorts"),
        s.OptionalString("importId"), s.OptionalString("primaryIpImportId"), s.OptionalString("firewallImportId"),
        s.Bool("ipv6", false));
}

/// <summary>The Robot server: never created by Pulumi, adopted by its address and configured over SSH.</summary>
public sealed record DedicatedHostSettings(
    string Key, string Name, string PublicIp, string PrivateIp, string Interface, string SshUser, int MemoryGi, IReadOnlyList<int> OpenPorts)
{
    public static DedicatedHostSettings Read(Section s)
    {
        var settings = new DedicatedHostSettings(s.Key, s.String("name"), s.String("publicIp"), s.String("privateIp"),
            s.String("interface"), s.String("sshUser", "root"), s.Int("memoryGi"), s.Ints("openPorts"));
        s.Done();
        return settings;
    }
}

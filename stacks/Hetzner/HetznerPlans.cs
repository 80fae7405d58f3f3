using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Hetzner;

/// <summary>The project's SSH keys, registered once and given to every server at creation.</summary>
public sealed record SshKeysPlan(string Name, IReadOnlyList<SshKeySettings> Keys) : IComponentPlan
{
    public string Type => Tokens.SshKeysComponent;
    public string KeyName(SshKeySettings key) => $"ssh-{key.Name}";
    public ResourcePolicy Policy(SshKeySettings key) => Policies.SshKey(key.ImportId);

    public IEnumerable<PlannedResource> Resources() =>
        // The key in full: an abbreviation (head…tail) hid a key whose middle was swapped. `diff` adds its
        // SHA-256 fingerprint as ssh-keygen -lf prints it (cli/Diff/SshFingerprint.cs).
        Keys.Select(k => Child(Tokens.HcloudSshKey, KeyName(k), Name, Inputs(("name", k.Name), ("publicKey", k.PublicKey)), Policy(k)))
            .Prepend(Component(Type, Name));
}

/// <summary>The Cloud Network, its cloud subnet and, when there is a Robot vSwitch, the vSwitch subnet.</summary>
public sealed record NetworkPlan(
    string Name, string IpRange, string NetworkZone, string CloudSubnet, VswitchSettings? Vswitch,
    bool DeleteProtection, ResourcePolicy NetworkPolicy, ResourcePolicy CloudSubnetPolicy, ResourcePolicy VswitchSubnetPolicy) : IComponentPlan
{
    public string Type => Tokens.NetworkComponent;
    public string NetworkName => $"{Name}-network";
    public string CloudSubnetName => $"{Name}-cloud";
    public string VswitchSubnetName => $"{Name}-vswitch";

    /// <summary>The subnet a dedicated server reaches the cloud through, or the cloud subnet for servers.</summary>
    public const string CloudSubnetType = "cloud";
    public const string VswitchSubnetType = "vswitch";

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.HcloudNetwork, NetworkName, Name, Inputs(("name", Name), ("ipRange", IpRange),
            ("exposeRoutesToVswitch", Vswitch is not null), ("deleteProtection", DeleteProtection)), NetworkPolicy);
        yield return Child(Tokens.HcloudSubnet, CloudSubnetName, Name, Inputs(("type", CloudSubnetType), ("networkZone", NetworkZone),
            ("ipRange", CloudSubnet)), CloudSubnetPolicy, dependsOn: [NetworkName]);
        if (Vswitch is { } v)
            yield return Child(Tokens.HcloudSubnet, VswitchSubnetName, Name, Inputs(("type", VswitchSubnetType), ("networkZone", NetworkZone),
                ("ipRange", v.Subnet), ("vswitchId", v.Id)), VswitchSubnetPolicy, dependsOn: [NetworkName]);
    }
}

/// <summary>One inbound firewall rule; the firewall denies everything else.</summary>
public sealed record FirewallRule(string Description, string Protocol, string? Port, IReadOnlyList<string> SourceIps);

/// <summary>
/// A Hetzner Cloud server with its primary IP, private address, firewall, first-boot cloud-config, and the
/// remote command that keeps its packages and host firewall (<see cref="HostScript"/>) on every deployment.
/// </summary>
public sealed record ServerPlan(
    string Name, string ServerType, string Location, string Image, IReadOnlyDictionary<string, string> Labels,
    bool Backups, string PrivateIp, string UserData, string HostScript, IReadOnlyList<FirewallRule> FirewallRules,
    IReadOnlyList<string> SshKeyResources, string NetworkSubnetResource,
    bool DeleteProtection, ResourcePolicy ServerPolicy, ResourcePolicy PrimaryIpPolicy, ResourcePolicy FirewallPolicy,
    string? KnownPublicIp, bool Ipv6) : IComponentPlan
{
    public string Type => Tokens.ServerComponent;
    public string PrimaryIpName => $"{Name}-ip";
    public string ServerName => $"{Name}-server";
    public string AttachmentName => $"{Name}-private";
    public string FirewallName => $"{Name}-firewall";
    public string HostCommandName => HostCommandNameOf(Name);
    public static string HostCommandNameOf(string server) => $"{server}-host";

    /// <summary>Hetzner Cloud images log in as root.</summary>
    public const string SshUser = "root";

    /// <summary>Hetzner's type for an IPv4 primary IP; it survives the server (autoDelete false).</summary>
    public const string PrimaryIpType = "ipv4";

    /// <summary>The primary IP's address (hcloud PrimaryIp output <c>ipAddress</c>): what DNS records and remote commands take.</summary>
    public OutputReference PublicIpv4 => new(Tokens.HcloudPrimaryIp, PrimaryIpName, "ipAddress", $"primary IP of {Name}");

    /// <summary>Where the server is reached: its primary IP's output, whose value the plan knows when the server is adopted with its address.</summary>
    public PublicAddress Address => new(Name, KnownPublicIp, PublicIpv4);

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.HcloudFirewall, FirewallName, Name, Inputs(("name", Name),
            ("rules", FirewallRules.Select(r => $"{r.Protocol}/{r.Port ?? "-"} from {string.Join(" ", r.SourceIps)} ({r.Description})"))), FirewallPolicy);
        yield return Child(Tokens.HcloudPrimaryIp, PrimaryIpName, Name, Inputs(("type", PrimaryIpType), ("location", Location),
            ("autoDelete", false), ("deleteProtection", DeleteProtection), ("address", KnownPublicIp)), PrimaryIpPolicy);
        yield return Child(Tokens.HcloudServer, ServerName, Name, Inputs(("name", Name), ("serverType", ServerType), ("location", Location),
            ("image", Image), ("backups", Backups), ("deleteProtection", DeleteProtection), ("rebuildProtection", DeleteProtection),
            ("labels", Labels.Select(l => $"{l.Key}={l.Value}")), ("userData", TextDigest.Of(UserData, TextDigest.CloudConfig)), ("ipv6", Ipv6)),
            ServerPolicy, dependsOn: [.. SshKeyResources, FirewallName, PrimaryIpName]);
        yield return Child(Tokens.HcloudServerNetwork, AttachmentName, Name, Inputs(("ip", PrivateIp)), dependsOn: [ServerName, NetworkSubnetResource]);
        yield return Child(Tokens.RemoteCommand, HostCommandName, Name,
            Inputs(("connection.host", Address.AsInput()), ("connection.user", SshUser),
                ("create", TextDigest.Of(HostScript, TextDigest.Script))),
            secrets: [RemoteCommands.PrivateKeyInput], dependsOn: [AttachmentName], secretSources: RemoteCommands.ConnectionSecrets());
    }
}

/// <summary>The Robot server: adopted by address, its VLAN and host firewall configured over SSH.</summary>
public sealed record DedicatedHostPlan(
    string Name, string PublicIp, string PrivateIp, string SshUser, string VlanInterface, int Vlan, string VlanScript) : IComponentPlan
{
    public string Type => Tokens.DedicatedHostComponent;
    public string VlanCommandName => $"{Name}-vlan";

    /// <summary>Adopted by address: the address is all there is.</summary>
    public PublicAddress Address => new(Name, PublicIp, null);

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.RemoteCommand, VlanCommandName, Name,
            Inputs(("connection.host", PublicIp), ("connection.user", SshUser), ("interface", VlanInterface), ("vlan", Vlan),
                ("privateIp", PrivateIp), ("create", TextDigest.Of(VlanScript, TextDigest.Script))),
            secrets: [RemoteCommands.PrivateKeyInput], secretSources: RemoteCommands.ConnectionSecrets());
    }
}

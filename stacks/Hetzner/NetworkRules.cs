using System.Net;
using Platform.Stacks.Config;

namespace Platform.Stacks.Hetzner;

/// <summary>
/// Rule addresses-fit: subnets inside the range and apart; the vSwitch subnet has an id and a VLAN in 4000-4091.
/// </summary>
internal static class NetworkRules
{
    /// <summary>Hetzner Robot accepts VLAN ids 4000-4091 for vSwitches.</summary>
    public const int VlanMin = 4000, VlanMax = 4091;

    public static void Check(StackSettings s, Problems p)
    {
        var n = s.Hetzner.Network;
        var range = Parse(p, $"{n.Key}.ipRange", n.IpRange);
        var cloud = Parse(p, $"{n.Key}.cloudSubnet", n.CloudSubnet);
        if (range is { } r && !IsPrivate(r))
            p.Add($"{n.Key}.ipRange", $"'{n.IpRange}' is not a private (RFC 1918) range: Hetzner Cloud Networks use 10/8, 172.16/12 or 192.168/16.");
        if (range is { } r1 && cloud is { } c && !Cidr.Inside(c, r1))
            p.Add($"{n.Key}.cloudSubnet", $"'{n.CloudSubnet}' is not inside the network range {n.IpRange}: pick a subnet of it.");

        if (n.Vswitch is { } v)
        {
            var vs = Parse(p, $"{v.Key}.subnet", v.Subnet);
            if (v.Id <= 0)
                p.Add($"{v.Key}.id", "a vSwitch subnet needs the Robot vSwitch id (Robot > vSwitches), a positive number.");
            if (v.Vlan is < VlanMin or > VlanMax)
                p.Add($"{v.Key}.vlan", $"VLAN {v.Vlan} is outside {VlanMin}-{VlanMax}, the range Hetzner Robot allows for vSwitches.");
            if (range is { } r2 && vs is { } v2 && !Cidr.Inside(v2, r2))
                p.Add($"{v.Key}.subnet", $"'{v.Subnet}' is not inside the network range {n.IpRange}.");
            if (cloud is { } c2 && vs is { } v3 && Cidr.Overlaps(c2, v3))
                p.Add($"{v.Key}.subnet", $"'{v.Subnet}' overlaps the cloud subnet {n.CloudSubnet}: subnets must not overlap.");
            if (vs is { } v4 && (Cidr.Address(v.Gateway) is not { } gw || !Cidr.IsHostAddress(v4, gw)))
                p.Add($"{v.Key}.gateway", $"'{v.Gateway}' is not a host address of the vSwitch subnet {v.Subnet} (Hetzner uses its first address).");
        }

        if (range is { } r3)
            foreach (var (name, cidr) in K3sRanges)
                if (Cidr.Overlaps(r3, IPNetwork.Parse(cidr)))
                    p.Add($"{n.Key}.ipRange", $"'{n.IpRange}' overlaps the k3s {name} range {cidr}: pick another private range.");

        if (s.Hetzner.Dedicated is { } d)
        {
            if (n.Vswitch is null)
                p.Add($"{d.Key}", "a dedicated server reaches the Cloud Network only through a Robot vSwitch: add platform:hetzner.network.vswitch.");
            else if (Cidr.Parse(n.Vswitch.Subnet) is { } vs && (Cidr.Address(d.PrivateIp) is not { } ip || !Cidr.IsHostAddress(vs, ip)))
                p.Add($"{d.Key}.privateIp", $"'{d.PrivateIp}' is not a host address of the vSwitch subnet {n.Vswitch.Subnet}.");
            if (n.Vswitch is { } vsw && d.PrivateIp == vsw.Gateway)
                p.Add($"{d.Key}.privateIp", $"'{d.PrivateIp}' is the vSwitch gateway: give the server another address.");
            if (Cidr.Address(d.PublicIp) is null)
                p.Add($"{d.Key}.publicIp", $"'{d.PublicIp}' is not an IP address.");
            if (d.MemoryGi <= 0)
                p.Add($"{d.Key}.memoryGi", "set the server's physical memory in GiB (the AX42-U has 64).");
        }
    }

    /// <summary>
    /// k3s defaults (docs/sources/hello-world-dao-infrastructure.txt: pod CIDR 10.42.0.0/24 of 10.42/16, service CIDR
    /// 10.43.0.0/16).
    /// </summary>
    public static readonly (string Name, string Cidr)[] K3sRanges = [("pod", "10.42.0.0/16"), ("service", "10.43.0.0/16")];

    private static IPNetwork? Parse(Problems p, string key, string text)
    {
        var n = Cidr.Parse(text);
        if (n is null && text.Length > 0)
            p.Add(key, $"'{text}' is not a CIDR range like 10.0.0.0/16 (host bits must be zero).");
        return n;
    }

    private static bool IsPrivate(IPNetwork n) =>
        new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }.Any(r => Cidr.Inside(n, IPNetwork.Parse(r)));
}

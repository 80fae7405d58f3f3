using Platform.Stacks.Config;

namespace Platform.Stacks.Hetzner;

/// <summary>
/// Rule addresses-fit for servers (private IP in its subnet, unique) and rule protected-stack (SSH never open to the
/// world), plus what Hetzner itself would reject later, so it fails here with a key instead.
/// </summary>
internal static class ServerRules
{
    private static readonly string[] World = ["0.0.0.0/0", "::/0"];
    private static readonly string[] KeyTypes = ["ssh-ed25519 ", "ssh-rsa ", "ecdsa-sha2-nistp256 ", "ecdsa-sha2-nistp384 ", "ecdsa-sha2-nistp521 "];

    public static void Check(StackSettings s, Problems p)
    {
        var h = s.Hetzner;
        var key = HetznerSettings.ConfigKey;
        if (h.AdminCidrs.Count == 0)
            p.Add($"{key}.adminCidrs", "list at least one range allowed to reach SSH (the operators' egress).");
        SshSourceRanges(s, p, "adminCidrs", h.AdminCidrs, "the operators' addresses");
        if (h.DeployRunnerCidrs.Count == 0)
            p.Add($"{key}.deployRunnerCidrs", "list the deploy runner's egress address (203.0.113.7/32): the workflows run pulumi up there, and SSH and the k3s API answer only these ranges and adminCidrs (README \"Deploying for real\").");
        SshSourceRanges(s, p, "deployRunnerCidrs", h.DeployRunnerCidrs, "the deploy runner's own address");

        if (h.SshKeys.Count == 0)
            p.Add($"{key}.sshKeys", "list at least one SSH public key: servers are created with keys, never passwords.");
        foreach (var k in h.SshKeys)
            if (!KeyTypes.Any(t => k.PublicKey.StartsWith(t, StringComparison.Ordinal)))
                p.Add($"{k.Key}.publicKey", "not an OpenSSH public key (ssh-ed25519 …): paste the .pub file's line, never the private key.");
        Duplicates(p, h.SshKeys.Select(k => (k.Key + ".name", k.Name)), "SSH key name");

        var subnet = Cidr.Parse(h.Network.CloudSubnet);
        Duplicates(p, h.Servers.Select(x => (x.Key + ".name", x.Name)).Concat(
            h.Dedicated is { } d ? [(d.Key + ".name", d.Name)] : []), "host name");
        Duplicates(p, h.Servers.Select(x => (x.Key + ".privateIp", x.PrivateIp))
            .Concat(h.Dedicated is { } d2 ? [(d2.Key + ".privateIp", d2.PrivateIp)] : []), "private IP");
        foreach (var server in h.Servers)
        {
            ServerType(p, server);
            if (subnet is { } sn)
            {
                var ip = Cidr.Address(server.PrivateIp);
                if (ip is null || !Cidr.IsHostAddress(sn, ip))
                    p.Add($"{server.Key}.privateIp", $"'{server.PrivateIp}' is not a host address of the cloud subnet {h.Network.CloudSubnet}.");
                else if (ip.Equals(Cidr.Nth(sn, 1)))
                    p.Add($"{server.Key}.privateIp", $"'{server.PrivateIp}' is the subnet's gateway, which Hetzner reserves: use another address.");
            }
            if (server.PublicIp is { } pub && Cidr.Address(pub) is null)
                p.Add($"{server.Key}.publicIp", $"'{pub}' is not an IP address.");
            OpenPorts(p, server.Key, server.OpenPorts);
        }
        if (h.Dedicated is { } dedicated)
            OpenPorts(p, dedicated.Key, dedicated.OpenPorts);
    }

    /// <summary>
    /// A type Hetzner still sells. A retired type is refused for a server Pulumi would create (Hetzner
    /// refuses the order), and accepted for one that runs today (it has a public IP): adoption must import
    /// it as it is, since a different type in config would resize the running server.
    /// </summary>
    private static void ServerType(Problems p, ServerSettings server)
    {
        var type = server.ServerType;
        if (type.Length == 0 || ServerTypes.CanBeOrdered(type))
            return;
        if (ServerTypes.ReplacementFor(type) is { } replacement)
        {
            if (server.PublicIp is null)
                p.Add($"{server.Key}.serverType", $"'{type}' can no longer be ordered (Hetzner retired it): use {replacement}, its current equivalent.");
        }
        else
            p.Add($"{server.Key}.serverType", $"unknown server type '{type}': use one of {string.Join(", ", ServerTypes.Known)}.");
    }

    /// <summary>Public ports: real TCP ports, and never SSH or the k3s API (those are for the admin ranges only).</summary>
    private static void OpenPorts(Problems p, string key, IReadOnlyList<int> ports)
    {
        foreach (var port in ports)
            if (port is < 1 or > 65535)
                p.Add($"{key}.openPorts", $"{port} is not a TCP port.");
            else if (port is HostScripts.SshPort or HostScripts.KubernetesApiPort)
                p.Add($"{key}.openPorts", $"port {port} is never opened to everyone: it is reachable from platform:hetzner.adminCidrs only.");
    }

    private static void SshSourceRanges(StackSettings s, Problems p, string name, IReadOnlyList<string> ranges, string instead)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            var cidr = ranges[i];
            if (Cidr.Parse(cidr) is null)
                p.Add($"{HetznerSettings.ConfigKey}.{name}[{i}]", $"'{cidr}' is not a CIDR range like 203.0.113.7/32.");
            else if (s.Protected && World.Contains(cidr))
                p.Add($"{HetznerSettings.ConfigKey}.{name}[{i}]", $"SSH open to '{cidr}' is not allowed in a protected stack ({Safeguards.ConfigKey}): list {instead} instead.");
        }
    }

    internal static void Duplicates(Problems p, IEnumerable<(string Key, string Value)> items, string what)
    {
        foreach (var group in items.Where(i => i.Value.Length > 0).GroupBy(i => i.Value).Where(g => g.Count() > 1))
            foreach (var dup in group.Skip(1))
                p.Add(dup.Key, $"{what} '{group.Key}' is used more than once (first at {group.First().Key}): each must be unique.");
    }
}

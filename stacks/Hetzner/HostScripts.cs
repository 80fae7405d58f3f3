using Platform.Stacks.Plan;

namespace Platform.Stacks.Hetzner;

/// <summary>The scripts that prepare hosts: cloud-init of a cloud server, the vSwitch VLAN of the dedicated server.</summary>
public static class HostScripts
{
    /// <summary>The private interface of a Hetzner Cloud server attached to a network (seeds/003: enp7s0).</summary>
    public const string CloudPrivateInterface = "enp7s0";

    /// <summary>Hetzner requires MTU 1400 on vSwitch VLAN interfaces.</summary>
    public const int VswitchMtu = 1400;

    public const int SshPort = 22;
    public const int KubernetesApiPort = 6443;

    /// <summary>
    /// First-boot script of a cloud server. The Hetzner Cloud firewall guards the public interface;
    /// ufw adds the private one: the private range is allowed there and only there (seeds/003).
    /// </summary>
    public static string CloudInit(
        string serverName, string privateRange, IReadOnlyList<string> adminCidrs, IReadOnlyList<int> openPorts, IReadOnlyList<int> adminPorts) =>
        Shell.Script($"cloud-init user data of {serverName}: runs once, at first boot.", $"""
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q ufw unattended-upgrades
        {Firewall(CloudPrivateInterface, privateRange, adminCidrs, openPorts, adminPorts)}
        """);

    /// <summary>
    /// Configures the vSwitch VLAN on the dedicated server (VLAN id, private IP, route to the cloud range
    /// through the vSwitch gateway, MTU 1400) and its host firewall. Idempotent: netplan is rewritten and
    /// applied only when it differs, ufw skips rules it already has.
    /// </summary>
    public static string Vlan(
        DedicatedHostSettings host, VswitchSettings vswitch, string cloudRange, IReadOnlyList<string> adminCidrs, IReadOnlyList<int> adminPorts)
    {
        var vlanInterface = VlanInterface(host, vswitch);
        var prefix = vswitch.Subnet.Split('/')[1];
        return Shell.Script($"vSwitch {vswitch.Id} (VLAN {vswitch.Vlan}) on {host.Name}: idempotent, safe to re-run.", $"""
        netplan_file=/etc/netplan/60-vswitch-{vswitch.Vlan}.yaml
        desired=$(cat <<'NETPLAN'
        network:
          version: 2
          vlans:
            {vlanInterface}:
              id: {vswitch.Vlan}
              link: {host.Interface}
              mtu: {VswitchMtu}
              addresses: [{host.PrivateIp}/{prefix}]
              routes:
                - to: {cloudRange}
                  via: {vswitch.Gateway}
        NETPLAN
        )
        if [ ! -f "$netplan_file" ] || [ "$(cat "$netplan_file")" != "$desired" ]; then
          umask 077
          printf '%s\n' "$desired" > "$netplan_file"
          netplan apply
          echo "vSwitch VLAN {vswitch.Vlan} configured on {vlanInterface}"
        else
          echo "vSwitch VLAN {vswitch.Vlan} already configured"
        fi
        {Firewall(vlanInterface, cloudRange, adminCidrs, host.OpenPorts, adminPorts)}
        """);
    }

    public static string VlanInterface(DedicatedHostSettings host, VswitchSettings vswitch) => $"{host.Interface}.{vswitch.Vlan}";

    /// <summary>
    /// ufw: deny by default; SSH and the admin ports (the k3s API on the cluster host) from the admin ranges;
    /// the public ports; the private range on the private interface only.
    /// </summary>
    private static string Firewall(string privateInterface, string privateRange, IReadOnlyList<string> adminCidrs, IReadOnlyList<int> openPorts, IReadOnlyList<int> adminPorts) => $$"""
        {{Shell.Array("admin_cidrs", adminCidrs)}}
        {{Shell.Array("admin_ports", adminPorts.Prepend(SshPort).Select(p => p.ToString()))}}
        {{Shell.Array("public_ports", openPorts.Select(p => p.ToString()))}}
        ufw default deny incoming
        ufw default allow outgoing
        for cidr in "${admin_cidrs[@]}"; do
          for port in "${admin_ports[@]}"; do
            ufw allow proto tcp from "$cidr" to any port "$port"
          done
        done
        for port in "${public_ports[@]}"; do
          ufw allow "$port/tcp"
        done
        ufw allow in on {{Shell.Quote(privateInterface)}} from {{Shell.Quote(privateRange)}}
        ufw --force enable
        """;
}

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
    /// <summary>The private interface of a Hetzner Cloud server attached to a network (seeds/003: enp7s0).</summary>
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
        Shell.Script($"Packages and firewall of {serverName}: idempotent, safe to re-run.", $"""
        {Packages}
        {Firewall(firewall)}
        """);

    /// <summary>
    /// Configures the vSwitch VLAN on the dedicated server (VLAN id, private IP, route to the cloud range
    /// through the vSwitch gateway, MTU 1400) and its host firewall. The applied state is checked, not the
    /// file: a run whose <c>netplan apply</c> failed is applied again by the next.
    /// </summary>
    public static string Vlan(DedicatedHostSettings host, VswitchSettings vswitch, string cloudRange, HostFirewall firewall)
    {
        var vlanInterface = VlanInterface(host, vswitch);
        var prefix = vswitch.Subnet.Split('/')[1];
        return Shell.Script($"vSwitch {vswitch.Id} (VLAN {vswitch.Vlan}) on {host.Name}: idempotent, safe to re-run.", $$"""
        netplan_file=/etc/netplan/60-vswitch-{{vswitch.Vlan}}.yaml
        link={{Shell.Quote(host.Interface)}}
        vlan_interface={{Shell.Quote(vlanInterface)}}
        address={{Shell.Quote($"{host.PrivateIp}/{prefix}")}}
        cloud_range={{Shell.Quote(cloudRange)}}
        gateway={{Shell.Quote(vswitch.Gateway)}}
        desired=$(cat <<'NETPLAN'
        network:
          version: 2
          vlans:
            {{vlanInterface}}:
              id: {{vswitch.Vlan}}
              link: {{host.Interface}}
              mtu: {{VswitchMtu}}
              addresses: [{{host.PrivateIp}}/{{prefix}}]
              routes:
                - to: {{cloudRange}}
                  via: {{vswitch.Gateway}}
        NETPLAN
        )
        # netplan refuses a VLAN whose link its config does not define; say which, before touching anything.
        # (netplan 0.106 `get` fails instead of printing null when the kind is absent altogether.)
        defined=false
        for kind in ethernets bonds bridges; do
          if [ "$(netplan get "$kind.$link" 2>/dev/null || echo null)" != null ]; then defined=true; fi
        done
        if ! $defined; then
          echo "the host's netplan config does not define the interface '$link' the VLAN runs on: define it in /etc/netplan (Hetzner's installimage writes 01-netcfg.yaml), or set platform:hetzner.dedicated.interface to the interface it defines" >&2
          exit 1
        fi
        applied() {
          ip -o link show dev "$vlan_interface" 2>/dev/null | grep -qF " mtu {{VswitchMtu}} " &&
            ip -o addr show dev "$vlan_interface" | grep -qF " $address " &&
            ip route show "$cloud_range" | grep -qF "via $gateway dev $vlan_interface"
        }
        if [ "$(cat "$netplan_file" 2>/dev/null || true)" != "$desired" ]; then
          (umask 077 && printf '%s\n' "$desired" > "$netplan_file")
          echo "netplan: wrote $netplan_file"
        fi
        if applied; then
          echo "vSwitch VLAN {{vswitch.Vlan}} already configured on $vlan_interface"
        else
          netplan apply
          applied || { echo "netplan apply did not bring $vlan_interface up with $address and the route to $cloud_range" >&2; exit 1; }
          echo "vSwitch VLAN {{vswitch.Vlan}} configured on $vlan_interface"
        fi
        {{Packages}}
        {{Firewall(firewall)}}
        """);
    }

    public static string VlanInterface(DedicatedHostSettings host, VswitchSettings vswitch) => $"{host.Interface}.{vswitch.Vlan}";

    /// <summary>Installs what is missing, waiting for cloud-init and for another apt (unattended-upgrades) to finish.</summary>
    private static string Packages => $$"""
        # A new cloud server may still be in its first boot (apt, cloud-config): let cloud-init finish first.
        if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
        {{Shell.Array("packages", BasePackages)}}
        missing=()
        for package in "${packages[@]}"; do
          dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing+=("$package")
        done
        if [ ${#missing[@]} -gt 0 ]; then
          export DEBIAN_FRONTEND=noninteractive
          apt-get -o DPkg::Lock::Timeout=300 update -q
          apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}"
        fi
        """;

    /// <summary>
    /// ufw, converged: deny incoming by default; SSH and the admin ports from the admin ranges; the public
    /// ports; the private range on the private interface only; on the cluster host, the pod and service
    /// ranges (docs.k3s.io/installation/requirements) on the cluster's own interfaces only (ClusterNetwork.Interfaces). Rules this step added before and no longer wants are
    /// deleted; rules someone else added are left alone.
    /// </summary>
    private static string Firewall(HostFirewall f)
    {
        var rules = new List<string>();
        foreach (var cidr in f.SshSources)
            foreach (var port in f.AdminPorts.Prepend(SshPort))
                rules.Add($"allow proto tcp from {cidr} to any port {port}");
        rules.AddRange(f.PublicPorts.Select(p => $"allow {p}/tcp"));
        rules.Add($"allow in on {f.PrivateInterface} from {f.PrivateRange}");
        rules.AddRange(f.ClusterRanges.SelectMany(r => Cluster.ClusterNetwork.Interfaces.Select(i => $"allow in on {i} from {r}")));
        return $$"""
            {{Shell.Array("rules", rules)}}
            record={{FirewallRecord}}
            # The deploy runner reaches this host over SSH: were its address outside the admin ranges, enabling
            # the firewall would shut out every later step and deployment, and only Hetzner's console could undo
            # it. sshd gives the session SSH_CONNECTION (sshd(8), ENVIRONMENT: client address first); ufw is
            # python3, so python3 is here to compare addresses.
            if [ -n "${SSH_CONNECTION:-}" ]; then
              {{Shell.Array("admin_cidrs", f.SshSources)}}
              if ! python3 - "${SSH_CONNECTION%% *}" "${admin_cidrs[@]}" <<'PYTHON'
            import ipaddress, sys
            client = ipaddress.ip_address(sys.argv[1])
            client = getattr(client, "ipv4_mapped", None) or client
            sys.exit(0 if any(client in ipaddress.ip_network(c, strict=False) for c in sys.argv[2:]) else 1)
            PYTHON
              then
                echo "this step runs from ${SSH_CONNECTION%% *}, outside platform:hetzner.adminCidrs and deployRunnerCidrs: the firewall would shut the deploy runner out of this host; add the runner's egress address to platform:hetzner.deployRunnerCidrs" >&2
                exit 1
              fi
            fi
            ufw default deny incoming
            ufw default allow outgoing
            if [ -f "$record" ]; then
              while IFS= read -r old; do
                wanted=false
                for rule in "${rules[@]}"; do [ "$rule" = "$old" ] && wanted=true; done
                if ! $wanted; then read -ra words <<<"$old"; ufw delete "${words[@]}"; fi
              done < "$record"
            fi
            for rule in "${rules[@]}"; do
              read -ra words <<<"$rule"
              ufw "${words[@]}"
            done
            ufw --force enable
            printf '%s\n' "${rules[@]}" > "$record"
            """;
    }
}

/// <summary>
/// A host's ufw rules: the admin ranges and the deploy runner (HetznerSettings.SshSources) reach SSH and the admin ports, anyone the public ports, the private
/// range the private interface, and on the cluster host the cluster's own ranges (ClusterNetwork) reach it.
/// </summary>
public sealed record HostFirewall(
    string PrivateInterface, string PrivateRange, IReadOnlyList<string> SshSources, IReadOnlyList<int> AdminPorts,
    IReadOnlyList<int> PublicPorts, IReadOnlyList<string> ClusterRanges);

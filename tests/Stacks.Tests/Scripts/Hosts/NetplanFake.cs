using Platform.Stacks.Tests.Scripts.Harness;

namespace Platform.Stacks.Tests.Scripts.Hosts;

/// <summary>netplan: the real one for everything but <c>apply</c>, which needs systemd-networkd.</summary>
public static class NetplanFake
{
    /// <summary>
    /// <c>netplan apply</c> modelled as the real <c>netplan generate</c> (which validates the config and writes
    /// systemd-networkd units under /run/systemd/network) followed by what networkd does with those units
    /// (netplan.readthedocs.io/en/stable/netplan-apply; systemd.netdev(5), systemd.network(5)): VLAN
    /// netdevs are created, MTU, addresses and routes set, links brought up. Only the keys the platform
    /// writes are modelled. A kernel without 802.1q (this test machine's) gets an <c>ifb</c> device of the
    /// same name as the VLAN's stand-in.
    /// </summary>
    public static readonly Fake Netplan = new("netplan", "netplan apply = netplan generate + systemd-networkd (netplan.readthedocs.io/en/stable/netplan-apply)", """
        real=/usr/sbin/netplan
        if [ "${1:-}" != apply ]; then exec "$real" "$@"; fi
        "$real" generate
        units=/run/systemd/network
        for netdev in "$units"/*.netdev; do
          [ -e "$netdev" ] || continue
          [ "$(sed -n 's/^Kind=//p' "$netdev")" = vlan ] || continue
          name=$(sed -n 's/^Name=//p' "$netdev")
          id=$(sed -n 's/^Id=//p' "$netdev")
          parent=$(grep -lx "VLAN=$name" "$units"/*.network | head -n 1 | xargs sed -n 's/^Name=//p')
          if ! ip link show dev "$name" >/dev/null 2>&1; then
            ip link add link "$parent" name "$name" type vlan id "$id" 2>/dev/null || ip link add "$name" type ifb
          fi
        done
        for network in "$units"/*.network; do
          [ -e "$network" ] || continue
          name=$(sed -n 's/^Name=//p' "$network" | head -n 1)
          ip link show dev "$name" >/dev/null 2>&1 || continue
          mtu=$(sed -n 's/^MTUBytes=//p' "$network")
          if [ -n "$mtu" ]; then ip link set dev "$name" mtu "$mtu"; fi
          ip link set dev "$name" up
          for address in $(sed -n 's/^Address=//p' "$network"); do ip addr replace "$address" dev "$name"; done
          awk -F= '/^\[/ { if (d != "") print d, g; d = ""; g = "" } /^Destination=/ { d = $2 } /^Gateway=/ { g = $2 } END { if (d != "") print d, g }' "$network" |
            while read -r destination gateway; do ip route replace "$destination" via "$gateway" dev "$name"; done
        done
        """);
}

#!/usr/bin/env bash
# The vSwitch VLAN of the dedicated server (stacks/Hetzner/HostScripts.cs composes it, before the packages and the
# firewall): VLAN id, private address, the route to the cloud range through the vSwitch gateway, and the MTU Hetzner
# requires on vSwitch VLANs. The applied state is checked, not the file: a run whose `netplan apply` failed is
# applied again by the next. The header sets:
declare netplan_file link vlan_interface vlan_id mtu address cloud_range gateway

# The netplan file, from the header's values (each a plain address, number or interface name: nothing in it is YAML syntax).
desired=$(cat <<NETPLAN
network:
  version: 2
  vlans:
    $vlan_interface:
      id: $vlan_id
      link: $link
      mtu: $mtu
      addresses: [$address]
      routes:
        - to: $cloud_range
          via: $gateway
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
  ip -o link show dev "$vlan_interface" 2>/dev/null | grep -qF " mtu $mtu " &&
    ip -o addr show dev "$vlan_interface" | grep -qF " $address " &&
    ip route show "$cloud_range" | grep -qF "via $gateway dev $vlan_interface"
}
if [ "$(cat "$netplan_file" 2>/dev/null || true)" != "$desired" ]; then
  (umask 077 && printf '%s\n' "$desired" > "$netplan_file")
  echo "netplan: wrote $netplan_file"
fi
if applied; then
  echo "vSwitch VLAN $vlan_id already configured on $vlan_interface"
else
  netplan apply
  applied || { echo "netplan apply did not bring $vlan_interface up with $address and the route to $cloud_range" >&2; exit 1; }
  echo "vSwitch VLAN $vlan_id configured on $vlan_interface"
fi

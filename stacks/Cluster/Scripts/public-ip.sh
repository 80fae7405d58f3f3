#!/usr/bin/env bash
# The host's public address, from the input K3S_PUBLIC_IP (K3sScripts.PublicIpVariable): the first part of the k3s
# steps (stacks/Cluster/K3sScripts.cs). It goes into YAML and a sed expression, so only an IPv4 address is accepted
# (Hetzner primary IPs here are IPv4). It sets public_ip for the parts after it.

public_ip=${K3S_PUBLIC_IP:?an input: the public address of the host}
if ! [[ $public_ip =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]]; then
  echo "input K3S_PUBLIC_IP is not an IPv4 address" >&2
  exit 1
fi

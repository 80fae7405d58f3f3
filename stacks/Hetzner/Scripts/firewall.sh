#!/usr/bin/env bash
# A host's ufw, converged (stacks/Hetzner/HostScripts.cs composes it, from the plan's HostFirewall): deny incoming
# by default, then exactly the rules of the header. Rules this step added before and no longer wants are deleted;
# rules someone else added are left alone. The header sets the rules (ufw's own words, one rule each), the file that
# records which rules this step added, and the ranges the deploy runner may come from:
declare -a rules admin_cidrs
declare record

# The deploy runner reaches this host over SSH: were its address outside the admin ranges, enabling
# the firewall would shut out every later step and deployment, and only Hetzner's console could undo
# it. sshd gives the session SSH_CONNECTION (sshd(8), ENVIRONMENT: client address first); ufw is
# python3, so python3 is here to compare addresses.
if [ -n "${SSH_CONNECTION:-}" ]; then
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

#!/usr/bin/env bash
# Before anything changes: can this runner reach the hosts the stack's remote commands connect to?
#
#   bash .ci/reach.sh STACK [PLAN_JSON]
#
# Reads the stack's offline plan (`plan STACK --json`, or the file PLAN_JSON) and opens a TCP connection to
# SSH (22) on every host a remote command connects to, and to the k3s API (6443) on the cluster host (the
# host of the `k3s-install` command), each within REACH_TIMEOUT seconds (default 10). Only the Hetzner
# firewall and the hosts' ufw stand between: both let platform:hetzner.adminCidrs and
# platform:hetzner.deployRunnerCidrs in, so a refused or silent port means this runner's egress address is
# not in deployRunnerCidrs. Failing here costs seconds; failing inside `pulumi up` leaves a half-applied stack.
# A host whose address is created by the up itself (a new server) cannot be checked yet: its firewall is
# created with those ranges. Exit 0 every known host answers, 1 one does not, 2 cannot run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

if [ $# -lt 1 ] || [ $# -gt 2 ]; then echo "usage: bash .ci/reach.sh STACK [PLAN_JSON]" >&2; exit 2; fi
stack=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ $# -eq 2 ]; then
  cp "$2" "$work/plan.json" || exit 2
elif ! dotnet run --project cli -- plan "$stack" --json > "$work/plan.json" 2> "$work/plan.err"; then
  cat "$work/plan.err" >&2
  echo "::error::the plan of $stack could not be computed: cannot tell which hosts to reach"
  exit 2
fi

# "host<TAB>port<TAB>what", one per line (a host not created yet is a phrase: "primary IP of staging-k3s"): SSH of every remote command's host, the k3s API of the cluster host.
if ! jq -r '
    [.resources[] | select(.type == "command:remote:Command")] as $commands
    | ([$commands[] | .inputs["connection.host"] // empty] | unique | map("\(.)\t22\tSSH"))
      + ([$commands[] | select(.name == "k3s-install") | .inputs["connection.host"] // empty] | map("\(.)\t6443\tk3s API"))
    | .[]' "$work/plan.json" > "$work/targets" 2> "$work/jq.err"; then
  cat "$work/jq.err" >&2
  echo "::error::the plan of $stack is not the JSON this script reads (resources[].type/name/inputs)"
  exit 2
fi

failed=0 checked=0
ipv4='^[0-9]{1,3}(\.[0-9]{1,3}){3}$'
while IFS=$'\t' read -r host port what; do
  if [[ ! "$host" =~ $ipv4 ]]; then
    echo "not checked: $what of a host whose address this up creates (the plan says '$host')"
    continue
  fi
  checked=$((checked + 1))
  # shellcheck disable=SC2016 # $1 and $2 are the inner bash's arguments: the address never becomes code
  if timeout "${REACH_TIMEOUT:-10}" bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null; then
    echo "reached $host:$port ($what)"
  else
    failed=$((failed + 1))
    echo "::error::this runner (${RUNNER_NAME:-this machine}) cannot reach $host:$port ($what). The Hetzner firewall and the hosts' ufw let in only platform:hetzner.adminCidrs and platform:hetzner.deployRunnerCidrs of Pulumi.$stack.yaml: list this runner's egress address in deployRunnerCidrs (README \"Deploying for real\", the network path), or run the job on the runner that is listed there."
  fi
done < "$work/targets"

echo "$stack: $checked known host ports checked, $failed unreachable"
[ "$failed" -eq 0 ]

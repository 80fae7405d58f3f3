#!/usr/bin/env bash
# The deploy runner's host (README "Deploying for real", step 6): a machine with the fixed address listed in
# platform:hetzner.deployRunnerCidrs, which runs every deploy job in a container of its own, started for that one
# job and removed after it, so that no job ever shares a machine with an earlier one.
#
#   sudo GH_TOKEN=… bash .ci/runner-host.sh ORG GROUP_ID LABEL [IMAGE]
#
# Each turn of the loop asks GitHub for a just-in-time runner configuration (REST
# POST /orgs/ORG/actions/runners/generate-jitconfig: a runner in the group GROUP_ID with LABEL, which "performs at
# most one job before being automatically removed", docs "Secure use reference", Using just-in-time runners), starts
# a new container from IMAGE (.ci/runner-image, default platform-deploy-runner) with that configuration, waits for it
# to end, and removes it (`--rm`), whatever the job did. GitHub's note there: "Re-using hardware to host JIT runners
# can risk exposing information from the environment": hence a new container from a clean image for every job, no
# volume, no host network, no privilege, nothing of the host but the network through its address.
#
# GH_TOKEN: a token that may manage the organisation's self-hosted runners (a fine-grained token with the
# organisation permission "Self-hosted runners: write", or a GitHub App's installation token). It stays on the host:
# it is never given to a container, and the JIT configuration it yields registers one runner only. The
# configuration reaches the container in an environment file read from a pipe, never on podman's command line.
# RUNS (default: forever) bounds the loop, for tests.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then echo "usage: GH_TOKEN=… bash .ci/runner-host.sh ORG GROUP_ID LABEL [IMAGE]" >&2; exit 2; fi
org=$1 group=$2 label=$3 image=${4:-platform-deploy-runner}
: "${GH_TOKEN:?GH_TOKEN: a token that may manage the self-hosted runners of the organisation}"
[[ "$group" =~ ^[0-9]+$ ]] || { echo "GROUP_ID is the runner group's number (gh api orgs/$org/actions/runner-groups), not '$group'" >&2; exit 2; }
[[ "$label" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || { echo "'$label' is not one runner label" >&2; exit 2; }
runs=${RUNS:-0}

turn=0
while [ "$runs" -eq 0 ] || [ "$turn" -lt "$runs" ]; do
  turn=$((turn + 1))
  name="$label-$(date -u +%Y%m%dT%H%M%SZ)-$turn-$$"
  if ! config=$(gh api --method POST "orgs/$org/actions/runners/generate-jitconfig" \
                  -f name="$name" -F runner_group_id="$group" -f "labels[]=$label" -f work_folder=_work \
                  --jq .encoded_jit_config) || [ -z "$config" ]; then
    echo "could not get a just-in-time runner configuration from GitHub; trying again in 60 s" >&2
    sleep 60
    continue
  fi
  echo "runner $name: a new container for one job"
  status=0
  podman run --rm --name "$name" --pull never --cap-drop all --cap-add CHOWN,SETUID,SETGID,DAC_OVERRIDE,FOWNER \
    --security-opt no-new-privileges --env-file <(printf 'RUNNER_NAME=%s\nJIT_CONFIG=%s\n' "$name" "$config") \
    "$image" || status=$?
  unset config
  echo "runner $name: ended (exit $status), container removed"
done

#!/usr/bin/env bash
# Starts the one runner of this container (.ci/runner-host.sh gives RUNNER_NAME and JIT_CONFIG). As root, before the
# runner starts, it writes the marker .ci/fresh-runner.sh checks at the start of every deploy job; the runner then
# runs as `runner`, who cannot rewrite it, and takes one job (a just-in-time configuration registers a runner for
# one job). When the job ends, the runner exits, and so does the container, which the host removes.
set -euo pipefail
: "${RUNNER_NAME:?}" "${JIT_CONFIG:?}"
printf 'runner=%s\njobs=1\nstarted=%s\n' "$RUNNER_NAME" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > /etc/platform-deploy-runner
chmod 0444 /etc/platform-deploy-runner
config=$JIT_CONFIG
unset JIT_CONFIG
exec sudo --preserve-env=RUNNER_NAME -u runner /home/runner/run.sh --jitconfig "$config"

#!/usr/bin/env bash
# The first step of every job on the deploy runner, before any secret is read (README "Deploying for real", step 6):
# this job runs on a machine that no earlier job used, registered for this one job.
#
#   bash .ci/fresh-runner.sh
#
# A self-hosted runner keeps whatever an earlier job left (a process, a planted plugin or NuGet package), and GitHub
# gives it no guarantee of a clean machine (docs "Secure use reference", Hardening for self-hosted runners). So the
# deploy runner is either
#   - GitHub-hosted (a larger runner with a static address): RUNNER_ENVIRONMENT=github-hosted, a fresh virtual
#     machine for every job; or
#   - self-hosted, started by .ci/runner-host.sh: one container per job from a clean image, registered just in time
#     for one job (REST generate-jitconfig), whose entrypoint wrote, as root before the runner started,
#     /etc/platform-deploy-runner holding `runner=<this runner's name>` and `jobs=1`; the runner then runs as a user
#     that cannot write that file.
# Anything else (a runner registered by hand with the label, a persistent runner) fails here, naming what is wrong.
# This is a guard against a misconfigured runner, labelled as such: it cannot prove what a compromised host says.
set -euo pipefail
marker=${FRESH_RUNNER_MARKER:-/etc/platform-deploy-runner}
fail() { echo "::error::this job's runner is not a fresh one-job runner: $1 (README \"Deploying for real\", step 6). Nothing was read or changed."; exit 1; }

case "${RUNNER_ENVIRONMENT:-}" in
  github-hosted)
    echo "a GitHub-hosted runner: a fresh virtual machine for this job"
    exit 0 ;;
  self-hosted) ;;
  *) fail "RUNNER_ENVIRONMENT is '${RUNNER_ENVIRONMENT:-}', neither github-hosted nor self-hosted" ;;
esac
if [ ! -f "$marker" ] || [ -L "$marker" ]; then fail "$marker is missing: the runner was not started by .ci/runner-host.sh"; fi
[ "$(stat -c %u "$marker")" = 0 ] || fail "$marker is not owned by root"
[ "$(id -u)" != 0 ] || fail "the job runs as root, which could have written $marker itself"
if [ -w "$marker" ]; then fail "$marker is writable by the job's user"; fi
grep -qxF "runner=${RUNNER_NAME:-}" "$marker" || fail "$marker names another runner than '${RUNNER_NAME:-}': a runner that outlived its job"
grep -qxF "jobs=1" "$marker" || fail "$marker does not say jobs=1: the runner may take more than this job"
echo "a self-hosted runner started for this job alone ($RUNNER_NAME)"

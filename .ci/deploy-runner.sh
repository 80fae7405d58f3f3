#!/usr/bin/env bash
# The deploy jobs run on `runs-on: {group: ${{ vars.DEPLOY_RUNNER_GROUP }}, labels: ${{ vars.DEPLOY_RUNNER }}}`: the
# organisation runner group that only the deploy workflows of main may use, and the label of its runners, whose
# egress address is listed in platform:hetzner.deployRunnerCidrs (README "Deploying for real", step 6). Naming the
# group means a deploy job never lands on another runner that merely carries the label (labels are no boundary).
# Checked in a job that needs no such runner, so that a missing or wrong variable fails at once with this message
# instead of leaving a deploy job queued for a runner that does not exist.
set -euo pipefail
runner=${DEPLOY_RUNNER:-}
group=${DEPLOY_RUNNER_GROUP:-}
fail() { echo "::error::repository variable $1 (README \"Deploying for real\", step 6: the deploy runner)"; exit 1; }
[ -n "$runner" ] || fail "DEPLOY_RUNNER: not set: set it to the label of the deploy runner, whose egress address is in platform:hetzner.deployRunnerCidrs"
[[ "$runner" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || fail "DEPLOY_RUNNER: '$runner' is not one runner label"
case "$runner" in
  ubuntu-* | windows-* | macos-*)
    fail "DEPLOY_RUNNER: '$runner' is a GitHub-hosted standard runner: its address is one of Microsoft's shared ranges, which neither the Hetzner firewall nor ufw lets in" ;;
  self-hosted | linux | x64 | arm64)
    fail "DEPLOY_RUNNER: '$runner' matches any self-hosted runner: use the label only the deploy runner has" ;;
esac
[ -n "$group" ] || fail "DEPLOY_RUNNER_GROUP: not set: set it to the organisation runner group restricted to the deploy workflows of main"
[[ "$group" =~ ^[A-Za-z0-9][A-Za-z0-9._\ -]*$ ]] || fail "DEPLOY_RUNNER_GROUP: '$group' is not a runner group name"
[ "$group" != Default ] || fail "DEPLOY_RUNNER_GROUP: 'Default' is every runner of the organisation: use a group restricted to the deploy workflows"
echo "deploy jobs run on '$runner' in the runner group '$group'"

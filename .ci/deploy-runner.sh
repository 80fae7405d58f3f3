#!/usr/bin/env bash
# The deploy jobs run on the runner the repository variable DEPLOY_RUNNER names (`runs-on: ${{ vars.DEPLOY_RUNNER }}`):
# a self-hosted runner's label, or a GitHub larger runner with a static address, whose egress address is
# listed in platform:hetzner.deployRunnerCidrs (README "Deploying for real", the network path). Checked in a
# job that needs no such runner, so that a missing or wrong variable fails at once with this message instead
# of leaving a deploy job queued for a runner that does not exist.
set -euo pipefail
runner=${DEPLOY_RUNNER:-}
fail() { echo "::error::repository variable DEPLOY_RUNNER: $1 (README \"Deploying for real\", the network path)"; exit 1; }
[ -n "$runner" ] || fail "not set: set it to the label of the deploy runner, whose egress address is in platform:hetzner.deployRunnerCidrs"
[[ "$runner" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || fail "'$runner' is not one runner label"
case "$runner" in
  ubuntu-* | windows-* | macos-*)
    fail "'$runner' is a GitHub-hosted runner: its address is one of Microsoft's shared ranges, which neither the Hetzner firewall nor ufw lets in" ;;
  self-hosted | linux | x64 | arm64)
    fail "'$runner' matches any self-hosted runner: use the label only the deploy runner has" ;;
esac
echo "deploy jobs run on '$runner'"

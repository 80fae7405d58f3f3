#!/usr/bin/env bash
# The record of what is live, and the later checks of it (README "Verification"). GitHub's API through `gh`
# (GH_TOKEN, GH_REPO in the environment):
#
#   bash .ci/live-checks.sh record STACK SHA UP_RESULT VERIFY_RESULT
#       after a deployment job: a GitHub deployment of SHA to environment STACK with task `pulumi-up`, its
#       status success (up succeeded) or failure, and the commit status `verify STACK` on SHA
#       (needs deployments: write, statuses: write)
#   bash .ci/live-checks.sh due
#       prints two GITHUB_OUTPUT lines: `live={"staging":SHA,…}` (the newest pulumi-up deployment of each
#       stack: what the platform runs now) and `later=[{"stack","sha","label"},…]` for each stack whose live
#       deployment finished 15 to 75 minutes ago, label +15m, +30m, +45m or +60m (15-minute schedule slots)
#       (needs deployments: read). NOW (epoch seconds) replaces the clock, for tests.
#   bash .ci/live-checks.sh status SHA CONTEXT OUTCOME
#       the commit status CONTEXT on SHA: success when OUTCOME is success, else failure (statuses: write)
set -euo pipefail

: "${GH_REPO:?GH_REPO is the owner/name of the repository}"
run_url="${GITHUB_SERVER_URL:-https://github.com}/$GH_REPO/actions/runs/${GITHUB_RUN_ID:-0}"
stacks=(staging production)
task=pulumi-up

commit_status() { # SHA CONTEXT OUTCOME DESCRIPTION
  local state=failure
  [ "$3" = success ] && state=success
  jq -n --arg state "$state" --arg context "$2" --arg description "$4" --arg url "$run_url" \
    '{state: $state, context: $context, description: $description, target_url: $url}' |
    gh api --method POST "repos/$GH_REPO/statuses/$1" --input - > /dev/null
  echo "$2 on $1: $state"
}

sha_ok() { [[ "$1" =~ ^[0-9a-f]{40}$ ]] || { echo "'$1' is not a full commit sha" >&2; exit 2; }; }

case ${1:-} in
  record)
    [ $# -eq 5 ] || { echo "usage: bash .ci/live-checks.sh record STACK SHA UP_RESULT VERIFY_RESULT" >&2; exit 2; }
    stack=$2 sha=$3 up=$4 verify=$5
    sha_ok "$sha"
    id=$(jq -n --arg sha "$sha" --arg stack "$stack" --arg task "$task" \
           '{ref: $sha, task: $task, environment: $stack, auto_merge: false, required_contexts: [],
             production_environment: ($stack == "production"), description: "pulumi up of \($stack)"}' |
         gh api --method POST "repos/$GH_REPO/deployments" --input - --jq .id)
    deployment_state=failure
    [ "$up" = success ] && deployment_state=success
    jq -n --arg state "$deployment_state" --arg url "$run_url" --arg description "pulumi up: $up; verify: $verify" \
      '{state: $state, log_url: $url, description: $description}' |
      gh api --method POST "repos/$GH_REPO/deployments/$id/statuses" --input - > /dev/null
    echo "deployment $id of $sha to $stack: $deployment_state"
    commit_status "$sha" "verify $stack" "$verify" "right after the deployment: $verify"
    ;;
  due)
    now=${NOW:-$(date +%s)}
    live='{}' later='[]'
    for stack in "${stacks[@]}"; do
      deployment=$(gh api "repos/$GH_REPO/deployments?environment=$stack&task=$task&per_page=1" --jq 'first // empty')
      [ -z "$deployment" ] && continue
      sha=$(jq -r .sha <<< "$deployment")
      sha_ok "$sha"
      live=$(jq -c --arg stack "$stack" --arg sha "$sha" '. + {($stack): $sha}' <<< "$live")
      created=$(jq -r .created_at <<< "$deployment")
      minutes=$(( (now - $(date -d "$created" +%s)) / 60 ))
      if [ "$minutes" -ge 15 ] && [ "$minutes" -lt 75 ]; then
        label="+$(( minutes / 15 * 15 ))m"
        later=$(jq -c --arg stack "$stack" --arg sha "$sha" --arg slot "$label" \
                  '. + [{"stack": $stack, "sha": $sha, "label": $slot}]' <<< "$later")
      fi
    done
    echo "live=$live"
    echo "later=$later"
    ;;
  status)
    [ $# -eq 4 ] || { echo "usage: bash .ci/live-checks.sh status SHA CONTEXT OUTCOME" >&2; exit 2; }
    sha_ok "$2"
    commit_status "$2" "$3" "$4" "$4 ($(date -u +%Y-%m-%dT%H:%MZ))"
    ;;
  *)
    echo "usage: bash .ci/live-checks.sh record|due|status …" >&2
    exit 2
    ;;
esac

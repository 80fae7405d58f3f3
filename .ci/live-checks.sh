#!/usr/bin/env bash
# What is live on each stack, which later checks are due, and whether a change of a stack's state is under way
# (README "Verification"). GitHub's API through `gh` (GH_TOKEN with actions: read, GH_REPO in the environment).
#
# What is live is read from the runs of the deploy workflows themselves, never from a record a branch could write
# (a deployment or a commit status: any workflow given deployments: or statuses: write can post one): the runs of
# deploy-staging.yml that were a push to main, and of promote-production.yml dispatched on main, whose `pulumi up`
# job succeeded; the newest such up is what runs now. A failed, cancelled or refused up is never live. The promoted
# commit of a production run is its run-name, `promote SHA to production` (the check job verified that sha before
# the up job could start). Every sha is also checked to be on the default branch of the clone this runs in.
#
#   bash .ci/live-checks.sh due
#       in a clone of the default branch with its history: two GITHUB_OUTPUT lines, `live={"staging":SHA,…}` and
#       `later=[{"stack","sha","label"},…]` for each stack whose live up finished 15 to 75 minutes ago, label +15m,
#       +30m, +45m or +60m (15-minute schedule slots). NOW (epoch seconds) replaces the clock, for tests.
#   bash .ci/live-checks.sh quiet STACK SINCE
#       exit 0 when no job that changes STACK's state (its up, a state operation) ran at any moment from SINCE
#       (epoch seconds) until now; 1 naming the job otherwise. The drift check asks before and after its preview,
#       which takes no lock on this backend and would read an up's half-written state.
#   bash .ci/live-checks.sh record STACK SHA UP_RESULT VERIFY_RESULT
#   bash .ci/live-checks.sh status SHA CONTEXT OUTCOME
#       the commit status CONTEXT (`verify STACK`) on SHA, success or failure (statuses: write): shown on the commit
#       and pull request pages for people, and read by nothing that decides.
set -euo pipefail

: "${GH_REPO:?GH_REPO is the owner/name of the repository}"
run_url="${GITHUB_SERVER_URL:-https://github.com}/$GH_REPO/actions/runs/${GITHUB_RUN_ID:-0}"
branch=${DEFAULT_BRANCH:-main}
stacks=(staging production)

# The deploy workflow of a stack, the event that deploys it from the default branch, and its up job's name.
deploy_workflow() { case $1 in staging) echo deploy-staging.yml ;; production) echo promote-production.yml ;; esac; }
deploy_event() { case $1 in staging) echo push ;; production) echo workflow_dispatch ;; esac; }
up_job() { case $1 in staging) echo "pulumi up (staging)" ;; production) echo "pulumi up --plan (production)" ;; esac; }
# The operations of operations.yml that change a stack's state (its job is named "OPERATION STACK").
state_operations=(cancel refresh refresh-clear-pending refresh-import-pending)

sha_ok() { [[ "$1" =~ ^[0-9a-f]{40}$ ]]; }
epoch() { date -u -d "$1" +%s; }

commit_status() { # SHA CONTEXT OUTCOME DESCRIPTION
  local state=failure
  [ "$3" = success ] && state=success
  jq -n --arg state "$state" --arg context "$2" --arg description "$4" --arg url "$run_url" \
    '{state: $state, context: $context, description: $description, target_url: $url}' |
    gh api --method POST "repos/$GH_REPO/statuses/$1" --input - > /dev/null
  echo "$2 on $1: $state (shown to people; nothing decides on it)"
}

# runs STACK: the stack's deploy runs of the default branch as JSON, filtered again here by event and branch.
runs() {
  local workflow event
  workflow=$(deploy_workflow "$1") event=$(deploy_event "$1")
  gh run list --workflow "$workflow" --branch "$branch" --event "$event" --limit 20 \
    --json databaseId,headSha,headBranch,event,displayTitle,status,url |
    jq -c --arg branch "$branch" --arg event "$event" '[.[] | select(.headBranch == $branch and .event == $event)]'
}

# deployed_sha STACK RUN: the commit a deploy run deployed (staging: the pushed commit; production: its run-name).
deployed_sha() {
  if [ "$1" = staging ]; then jq -r .headSha <<< "$2"
  else jq -r '.displayTitle' <<< "$2" | sed -nE 's/^promote ([0-9a-f]{40}) to production$/\1/p'
  fi
}

# live STACK: "EPOCH SHA" of the newest successful up of the stack, or nothing.
live() {
  local stack=$1 job best_epoch=0 best_sha="" run id sha completed at
  job=$(up_job "$stack")
  while IFS= read -r run; do
    [ -z "$run" ] && continue
    id=$(jq -r .databaseId <<< "$run")
    sha=$(deployed_sha "$stack" "$run")
    sha_ok "$sha" || continue
    completed=$(gh run view "$id" --json jobs |
      jq -r --arg job "$job" '[.jobs[] | select(.name == $job and .conclusion == "success")] | first | .completedAt // empty')
    [ -z "$completed" ] && continue
    if ! git cat-file -e "$sha^{commit}" 2>/dev/null || ! git merge-base --is-ancestor "$sha" HEAD; then
      echo "::error::a successful up of $stack names commit $sha, which is not on $branch: it is never taken as live" >&2
      continue
    fi
    at=$(epoch "$completed")
    if [ "$at" -gt "$best_epoch" ]; then best_epoch=$at best_sha=$sha; fi
  done < <(runs "$stack" | jq -c '.[]')
  [ -n "$best_sha" ] || return 0
  echo "$best_epoch $best_sha"
}

case ${1:-} in
  due)
    now=${NOW:-$(date +%s)}
    live_json='{}' later='[]'
    for stack in "${stacks[@]}"; do
      found=$(live "$stack")
      [ -z "$found" ] && continue
      read -r at sha <<< "$found"
      live_json=$(jq -c --arg stack "$stack" --arg sha "$sha" '. + {($stack): $sha}' <<< "$live_json")
      minutes=$(( (now - at) / 60 ))
      if [ "$minutes" -ge 15 ] && [ "$minutes" -lt 75 ]; then
        label="+$(( minutes / 15 * 15 ))m"
        later=$(jq -c --arg stack "$stack" --arg sha "$sha" --arg slot "$label" \
                  '. + [{"stack": $stack, "sha": $sha, "label": $slot}]' <<< "$later")
      fi
    done
    echo "live=$live_json"
    echo "later=$later"
    ;;
  quiet)
    [ $# -eq 3 ] || { echo "usage: bash .ci/live-checks.sh quiet STACK SINCE" >&2; exit 2; }
    stack=$2 since=$3
    [[ "$since" =~ ^[0-9]+$ ]] || { echo "SINCE is epoch seconds, not '$since'" >&2; exit 2; }
    now=${NOW:-$(date +%s)}
    names=$(jq -cn --arg up "$(up_job "$stack")" --arg stack "$stack" '[$up] + ([$ARGS.positional[] | "\(.) \($stack)"])' \
              --args "${state_operations[@]}")
    busy=0
    for workflow in "$(deploy_workflow "$stack")" operations.yml; do
      while IFS= read -r id; do
        [ -z "$id" ] && continue
        # A job that started before now and had not finished before SINCE overlapped the window.
        while IFS='|' read -r name started completed url; do
          [ -z "$name" ] && continue
          if [ "$(epoch "$started")" -le "$now" ] && { [ -z "$completed" ] || [ "$(epoch "$completed")" -ge "$since" ]; }; then
            echo "'$name' ($url) changed the state of $stack while this check ran"
            busy=1
          fi
        done < <(gh run view "$id" --json jobs | jq -r --argjson names "$names" \
                   '.jobs[] | select(.name as $n | $names | index($n)) | select(.startedAt != null and .startedAt != "")
                    | [.name, .startedAt, (.completedAt // ""), (.url // "")] | join("|")')
      done < <(gh run list --workflow "$workflow" --branch "$branch" --limit 20 --json databaseId,status,updatedAt |
                 jq -r --argjson since "$since" '.[] | select(.status != "completed" or ((.updatedAt | fromdateiso8601) >= $since)) | .databaseId')
    done
    exit "$busy"
    ;;
  record)
    [ $# -eq 5 ] || { echo "usage: bash .ci/live-checks.sh record STACK SHA UP_RESULT VERIFY_RESULT" >&2; exit 2; }
    sha_ok "$3" || { echo "'$3' is not a full commit sha" >&2; exit 2; }
    commit_status "$3" "verify $2" "$5" "pulumi up: $4; verify right after it: $5"
    ;;
  status)
    [ $# -eq 4 ] || { echo "usage: bash .ci/live-checks.sh status SHA CONTEXT OUTCOME" >&2; exit 2; }
    sha_ok "$2" || { echo "'$2' is not a full commit sha" >&2; exit 2; }
    commit_status "$2" "$3" "$4" "$4 ($(date -u +%Y-%m-%dT%H:%MZ))"
    ;;
  *)
    echo "usage: bash .ci/live-checks.sh due|quiet|record|status …" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Everything promote-production.yml checks before a production secret is read (README "Delivery", "Promotion"):
#
#   bash .ci/promotion-check.sh SHA
#
# in a clone of the default branch with its whole history, with GH_TOKEN (actions: read),
# GH_REPO, DEFAULT_BRANCH and GitHub's GITHUB_REF in the environment. Fails closed, naming every reason:
#   1. the workflow runs from the default branch (the environments allow only it; a copy dispatched from
#      another branch would carry its own, weaker checks);
#   2. SHA is a full commit sha, on the default branch (`git merge-base --is-ancestor`);
#   3. deploy-staging.yml ran for SHA as a push to the default branch (a run of a branch or of a pull request
#      never counts, whatever its workflow file says), and in its newest completed run both `pulumi up
#      (staging)` and `verify staging` succeeded;
#   4. no later check of staging failed for SHA: the jobs of verify-live.yml's own runs on the default branch (a
#      commit status is never read: a branch's workflow could post one); the drift check is not a verdict on SHA;
#   5. the `production` environment requires reviewers, and `production` and `production-preview` deploy
#      from the default branch only. GitHub offers required reviewers on private repositories only with
#      Enterprise (docs "Deployments and environments"): without them this check fails, so production is
#      never deployed unreviewed.
# Writes `sha=SHA` to GITHUB_OUTPUT and what it found to the job summary.
set -uo pipefail

summary=${GITHUB_STEP_SUMMARY:-/dev/null}
problems=()
problem() { problems+=("$1"); echo "::error::$1"; }
note() { echo "$1"; echo "- $1" >> "$summary"; }

sha=${1:-}
branch=${DEFAULT_BRANCH:-main}
: "${GH_REPO:?GH_REPO is the owner/name of the repository}"

echo "## Promotion of \`$sha\` to production: checks" >> "$summary"

# 1. The workflow runs from the default branch.
if [ "${GITHUB_REF:-}" != "refs/heads/$branch" ]; then
  problem "this workflow runs from '${GITHUB_REF:-?}': dispatch it from $branch (the production environments accept only $branch)"
fi

# 2. A full sha, on the default branch.
if [[ ! "$sha" =~ ^[0-9a-f]{40}$ ]]; then
  problem "'$sha' is not a full 40-character commit sha"
elif ! git cat-file -e "$sha^{commit}" 2>/dev/null || ! git merge-base --is-ancestor "$sha" HEAD; then
  problem "commit $sha is not on $branch: only a commit of $branch is promoted (merge it first)"
else
  note "commit \`$sha\` is on $branch"
fi

# 3. Its staging deployment: a push to the default branch, up and verify passed.
if [[ "$sha" =~ ^[0-9a-f]{40}$ ]]; then
  runs=$(gh run list --workflow deploy-staging.yml --branch "$branch" --event push --commit "$sha" \
           --json databaseId,status,conclusion,url,event,headBranch,headSha --limit 20) || runs=""
  run=$(jq -c --arg sha "$sha" --arg branch "$branch" \
          '[.[] | select(.status == "completed" and .event == "push" and .headBranch == $branch and .headSha == $sha)] | first // empty' \
          <<< "${runs:-[]}" 2>/dev/null)
  if [ -z "$run" ]; then
    problem "commit $sha has no completed run of deploy-staging.yml as a push to $branch: it never went through staging (wait for 'deploy staging' to finish, or push it to $branch)"
  else
    id=$(jq -r .databaseId <<< "$run")
    url=$(jq -r .url <<< "$run")
    jobs=$(gh run view "$id" --json jobs) || jobs='{"jobs":[]}'
    completed=$(jq -r '[.jobs[] | select(.name == "pulumi up (staging)")] | first | .completedAt // empty' <<< "$jobs")
    [ -n "$completed" ] && deployed_at=$(date -u -d "$completed" +%s)
    for job in "pulumi up (staging)" "verify staging"; do
      conclusion=$(jq -r --arg job "$job" '[.jobs[] | select(.name == $job)] | first | .conclusion // "missing"' <<< "$jobs")
      if [ "$conclusion" = success ]; then
        note "staging: \`$job\` succeeded for this commit ($url)"
      else
        problem "staging: '$job' of $url is '$conclusion', not success: this commit did not pass staging"
      fi
    done
  fi

  # 4. The later checks of staging (verify-live.yml), read from that workflow's own runs on the default branch,
  #    scheduled or dispatched, never from commit statuses (any workflow with statuses: write can post one). Each
  #    later check is a job named "verify staging +Nm after the deployment of SHA". A drift check says what runs
  #    now, not what this commit is: it never refuses a promotion.
  if [ -n "${deployed_at:-}" ]; then
    verify_runs=$(gh run list --workflow verify-live.yml --branch "$branch" --limit 100 \
                    --json databaseId,event,headBranch,createdAt,url) || verify_runs='[]'
    later_checks=0
    while IFS= read -r id; do
      [ -z "$id" ] && continue
      while IFS='|' read -r name conclusion status; do
        [ -z "$name" ] && continue
        later_checks=$((later_checks + 1))
        case "$conclusion" in
          success) note "\`$name\`: passed" ;;
          failure | timed_out) problem "'$name' ended '$conclusion': staging failed a check after this commit's deployment" ;;
          "") note "\`$name\`: $status" ;;
          *) note "\`$name\`: $conclusion (did not run to the end)" ;;
        esac
      done < <(gh run view "$id" --json jobs | jq -r --arg prefix "verify staging " --arg sha "$sha" \
                 '.jobs[] | select((.name | startswith($prefix)) and (.name | endswith(" of " + $sha))) | [.name, (.conclusion // ""), (.status // "")] | join("|")')
    done < <(jq -r --arg branch "$branch" --argjson from "$deployed_at" \
               '.[] | select(.headBranch == $branch and (.event == "schedule" or .event == "workflow_dispatch"))
                | select((.createdAt | fromdateiso8601) >= $from and (.createdAt | fromdateiso8601) < $from + 7200) | .databaseId' \
               <<< "$verify_runs" 2>/dev/null)
    [ "$later_checks" -gt 0 ] || note "no later check of staging ran for this commit yet (verify-live.yml, every 15 minutes for an hour after the deployment)"
  fi
fi

# 5. The environments: reviewers on production, the default branch only on both.
environment=""
environment_branches() { # sets $environment to the environment's JSON when its branches are right
  local name=$1 policies
  environment=""
  local found
  if ! found=$(gh api "repos/$GH_REPO/environments/$name" 2>/dev/null); then
    problem "environment '$name' does not exist (README \"Deploying for real\")"
    return 1
  fi
  if [ "$(jq -r '.deployment_branch_policy.custom_branch_policies // false' <<< "$found")" != true ]; then
    problem "environment '$name' does not limit its deployment branches to $branch (Settings → Environments → $name → Deployment branches and tags: Selected, $branch only)"
    return 1
  fi
  policies=$(gh api "repos/$GH_REPO/environments/$name/deployment-branch-policies" --jq '[.branch_policies[] | "\(.type // "branch"):\(.name)"] | sort | join(",")') || policies="?"
  if [ "$policies" != "branch:$branch" ]; then
    problem "environment '$name' deploys from '$policies', not from branch $branch alone"
    return 1
  fi
  note "environment \`$name\` deploys from $branch only"
  environment=$found
}
if environment_branches production; then
  reviewers=$(jq '[.protection_rules[]? | select(.type == "required_reviewers") | .reviewers[]?] | length' <<< "$environment")
  if [ "${reviewers:-0}" -gt 0 ]; then
    note "environment \`production\` requires one of $reviewers reviewers"
    if [ "$(jq -r '[.protection_rules[]? | select(.type == "required_reviewers") | .prevent_self_review] | first // false' <<< "$environment")" != true ]; then
      note "warning: whoever dispatches the promotion may approve it (Prevent self-review is off)"
    fi
  else
    problem "environment 'production' has no required reviewers: a promotion would reach production unreviewed. Add reviewers (Settings → Environments → production); where GitHub's plan offers none (a private repository below Enterprise), deploy production by hand (README \"Deploying for real\")"
  fi
fi
environment_branches production-preview || true

if [ ${#problems[@]} -gt 0 ]; then
  {
    echo
    echo "**Refused**, nothing of production was read or changed:"
    for p in "${problems[@]}"; do echo "- $p"; done
  } >> "$summary"
  exit 1
fi
echo "sha=$sha" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "promotion of $sha: every check passed"

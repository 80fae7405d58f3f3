#!/usr/bin/env bash
# Posts the offline diff of each stack on its pull request: one comment per stack, updated in place.
#
#   bash .ci/pr-comment.sh DIR
#
# DIR is the artifact `platform-diff` of a `pull request` run, which ran the pull request's code (a fork's,
# maybe): every byte of it is untrusted data. It is read, never executed or sourced, and posted only when:
#   - `pr-number` is a number naming an open pull request whose head is the commit (RUN_HEAD_SHA) and
#     the repository (RUN_HEAD_REPOSITORY) of the run that produced the artifact (from the workflow_run
#     event, which GitHub writes, not the artifact);
#   - staging.md and production.md are regular files, valid UTF-8, at most 65536 bytes (one comment), whose
#     first line is the marker `diff` writes for that stack, `<!-- platform-diff: STACK -->`.
# The comment of a stack is the github-actions[bot] comment starting with that marker (edited), else a new
# one. Needs GH_TOKEN (pull-requests: write) and GH_REPO. Exit 0 posted, 1 refused, 2 cannot run.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: bash .ci/pr-comment.sh DIR" >&2; exit 2; }
dir=$1
: "${GH_REPO:?}" "${RUN_HEAD_SHA:?}" "${RUN_HEAD_REPOSITORY:?}"
stacks=(staging production)
max_bytes=65536
refuse() { echo "::error::refused to comment: $1"; exit 1; }

regular() { [ -f "$1" ] && [ ! -L "$1" ]; }

regular "$dir/pr-number" || refuse "the artifact has no pr-number file"
number=$(head -c 16 "$dir/pr-number" | tr -d '\n')
[[ "$number" =~ ^[1-9][0-9]{0,8}$ ]] || refuse "pr-number is not a pull request number"

pull=$(gh api "repos/$GH_REPO/pulls/$number") || { echo "::error::cannot read pull request #$number"; exit 2; }
state=$(jq -r .state <<< "$pull")
head_sha=$(jq -r .head.sha <<< "$pull")
head_repo=$(jq -r '.head.repo.full_name // ""' <<< "$pull")
[ "$state" = open ] || refuse "pull request #$number is $state"
if [ "$head_sha" != "$RUN_HEAD_SHA" ] || [ "$head_repo" != "$RUN_HEAD_REPOSITORY" ]; then
  refuse "pull request #$number is at $head_repo@$head_sha, but the run that wrote this artifact built $RUN_HEAD_REPOSITORY@$RUN_HEAD_SHA (a newer push, or an artifact naming another pull request)"
fi

for stack in "${stacks[@]}"; do
  file="$dir/$stack.md"
  marker="<!-- platform-diff: $stack -->"
  regular "$file" || refuse "the artifact has no $stack.md"
  [ "$(stat -c %s "$file")" -le "$max_bytes" ] || refuse "$stack.md is larger than one comment ($max_bytes bytes)"
  iconv -f UTF-8 -t UTF-8 "$file" > /dev/null 2>&1 || refuse "$stack.md is not UTF-8"
  [ "$(head -n 1 "$file" | tr -d '\r')" = "$marker" ] || refuse "$stack.md does not start with $marker"
done

for stack in "${stacks[@]}"; do
  file="$dir/$stack.md"
  marker="<!-- platform-diff: $stack -->"
  existing=$(gh api --paginate "repos/$GH_REPO/issues/$number/comments" \
               --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)
  if [ -n "$existing" ]; then
    jq -Rs '{body: .}' "$file" | gh api --method PATCH "repos/$GH_REPO/issues/comments/$existing" --input - > /dev/null \
      || { echo "::error::could not update the $stack comment"; exit 2; }
    echo "updated the $stack comment of #$number"
  else
    jq -Rs '{body: .}' "$file" | gh api --method POST "repos/$GH_REPO/issues/$number/comments" --input - > /dev/null \
      || { echo "::error::could not post the $stack comment"; exit 2; }
    echo "posted the $stack comment on #$number"
  fi
done

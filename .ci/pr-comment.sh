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
# Each comment starts with the marker and a banner this script writes itself, never the artifact: the head
# repository and commit whose code computed the text, that the text is that code's own output (a fork's code can
# write anything there), and, when the pull request changes code that computes the diff or what deploys (as
# GitHub lists the pull request's files), that the diff cannot be trusted to be complete: read the code. Then the
# artifact's text, less its marker line, cut to fit one comment if the banner made it too long.
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

# What computed the text: from the workflow_run event (GitHub's), validated before it is written anywhere.
[[ "$RUN_HEAD_SHA" =~ ^[0-9a-f]{40}$ ]] || refuse "the run's head sha is not a commit id"
[[ "$RUN_HEAD_REPOSITORY" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || refuse "the run's head repository is not owner/name"
# The code that computes the diff or decides what deploys; a pull request touching any of it computed its own diff.
code_areas=(stacks/ cli/ components/ infra/ .ci/ .github/ Directory. global.json platform Infra.sln Pulumi.yaml)
files=$(gh api --paginate "repos/$GH_REPO/pulls/$number/files" --jq '.[].filename') || { echo "::error::cannot list the files of pull request #$number"; exit 2; }
touched=()
for area in "${code_areas[@]}"; do
  while IFS= read -r changed; do
    if [[ "$changed" == "$area"* ]]; then touched+=("$area"); break; fi
  done <<< "$files"
done
banner() {
  echo "> [!$([ ${#touched[@]} -gt 0 ] && echo CAUTION || echo NOTE)]"
  echo "> Computed by the pull request's own code, \`$RUN_HEAD_REPOSITORY@$RUN_HEAD_SHA\`: everything below this banner is that code's output, posted as it came. A pull request can make it say anything."
  if [ ${#touched[@]} -gt 0 ]; then
    echo ">"
    local areas="" area
    for area in "${touched[@]}"; do areas+="${areas:+, }\`$area\`"; done
    echo "> **This pull request changes code that computes this diff or what deploys** ($areas): the diff cannot be trusted to be complete. Read the code."
  fi
  echo
  echo "---"
  echo
}

for stack in "${stacks[@]}"; do
  file="$dir/$stack.md"
  marker="<!-- platform-diff: $stack -->"
  body="$dir/$stack.comment.md"
  { echo "$marker"; banner; } > "$body"
  room=$((max_bytes - $(stat -c %s "$body") - 200))
  if [ "$(tail -n +2 "$file" | wc -c)" -le "$room" ]; then
    tail -n +2 "$file" >> "$body"
  else
    { tail -n +2 "$file" | head -c "$room" | iconv -c -f UTF-8 -t UTF-8; echo; echo; echo "_(cut here to fit one comment: run the diff yourself for the rest)_"; } >> "$body"
  fi
  file=$body
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

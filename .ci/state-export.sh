#!/usr/bin/env bash
# The state of a stack as the backend holds it (secrets encrypted by the stack's secrets provider), exported
# before every `up` and every state operation, and sealed for the artifact the workflow keeps.
#
#   bash .ci/state-export.sh STACK DIR
#
# writes DIR/STACK.state.json.sealed (.ci/sealed.sh) and DIR/STACK.state.sha256 (the SHA-256 of the export,
# to tell copies apart). Needs the backend (PULUMI_BACKEND_URL and its keys) and PULUMI_CONFIG_PASSPHRASE in
# the step's environment. A stack the backend does not hold yet (the first up) exports nothing and says so;
# any other failure fails the step, and then the up after it does not run.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 2

[ $# -eq 2 ] || { echo "usage: bash .ci/state-export.sh STACK DIR" >&2; exit 2; }
stack=$1 dir=$2
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! pulumi stack ls --json --non-interactive > "$work/stacks.json" 2> "$work/errors.txt"; then
  cat "$work/errors.txt" >&2
  echo "::error::cannot list the stacks of the backend: the state of $stack cannot be exported, so nothing runs after this"
  exit 1
fi
if ! jq -e --arg stack "$stack" 'any(.[]; .name == $stack or (.name | endswith("/" + $stack)))' "$work/stacks.json" >/dev/null; then
  echo "the backend has no stack '$stack' yet (its first up): there is no state to export" | tee "$dir/$stack.state.none"
  exit 0
fi

(umask 077 && pulumi stack export --stack "$stack" --non-interactive --file "$work/$stack.state.json")
bash .ci/sealed.sh seal "$work/$stack.state.json" "$dir/$stack.state.json.sealed"
sha256sum "$work/$stack.state.json" | cut -d' ' -f1 > "$dir/$stack.state.sha256"
resources=$(jq '.deployment.resources // [] | length' "$work/$stack.state.json")
pending=$(jq '.deployment.pending_operations // [] | length' "$work/$stack.state.json")
echo "exported $stack: $resources resources, $pending pending operations, SHA-256 $(cat "$dir/$stack.state.sha256")"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "State of \`$stack\` exported before this run: $resources resources, $pending pending operations, SHA-256 \`$(cat "$dir/$stack.state.sha256")\` (artifact, sealed with the stack's passphrase)." >> "$GITHUB_STEP_SUMMARY"
fi

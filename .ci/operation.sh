#!/usr/bin/env bash
# One state operation of the operations workflow (README "When an up is interrupted"):
#
#   bash .ci/operation.sh STACK cancel|refresh|refresh-clear-pending|refresh-import-pending
#
# The backend and the passphrase come from the step's environment; for refresh-import-pending, PENDING_CREATES
# holds one `URN ID` per line. Pending creates (resources an interrupted up had started to create) are handled
# with the flags of the pinned CLI (pkg/cmd/pulumi/operations/refresh.go at v3.259.0: --skip-pending-creates,
# --clear-pending-creates, --import-pending-creates URN ID, each URN and ID one value of the repeated flag).
set -euo pipefail
cd "$(dirname "$0")/.." || exit 2

[ $# -eq 2 ] || { echo "usage: bash .ci/operation.sh STACK OPERATION" >&2; exit 2; }
stack=$1 operation=$2
common=(--stack "$stack" --non-interactive --color never)

case $operation in
  cancel)
    # On a DIY backend this deletes the stack's lock files and nothing else (pkg/backend/diy/backend.go).
    pulumi cancel "${common[@]}" --yes ;;
  refresh)
    pulumi refresh "${common[@]}" --yes --skip-pending-creates ;;
  refresh-clear-pending)
    pulumi refresh "${common[@]}" --yes --clear-pending-creates ;;
  refresh-import-pending)
    imports=()
    while read -r urn id extra; do
      [ -z "${urn:-}" ] && continue
      if [[ "$urn" != urn:pulumi:* ]] || [ -z "${id:-}" ] || [ -n "${extra:-}" ]; then
        echo "::error::pending-creates: each line is 'URN ID' (a urn:pulumi:… and the provider's id), got: $urn ${id:-} ${extra:-}"
        exit 2
      fi
      imports+=(--import-pending-creates "$urn" --import-pending-creates "$id")
    done <<< "${PENDING_CREATES:-}"
    if [ ${#imports[@]} -eq 0 ]; then
      echo "::error::refresh-import-pending needs the input pending-creates: one 'URN ID' per line"
      exit 2
    fi
    pulumi refresh "${common[@]}" --yes "${imports[@]}" ;;
  *)
    echo "::error::unknown operation '$operation' (cancel, refresh, refresh-clear-pending, refresh-import-pending)"
    exit 2 ;;
esac

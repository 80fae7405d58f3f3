#!/usr/bin/env bash
# Seals a JSON file (an exported state, an update plan) before it becomes a workflow artifact, and opens it.
#
#   bash .ci/sealed.sh seal IN OUT    AES-256 (openssl enc, PBKDF2, 600000 iterations, salted)
#   bash .ci/sealed.sh open IN OUT    and checks that what comes out is JSON (a wrong passphrase fails)
#
# Why: whoever can read the repository can download its artifacts (in a public repository, anyone signed in);
# an exported state keeps its secrets encrypted, but everything else in it (addresses, ids, every output
# not marked secret) is plain. Sealed with the stack's own passphrase, the artifact opens only for those who
# can already read the state. The key is PULUMI_CONFIG_PASSPHRASE from the step's environment, given to
# openssl as `-pass env:`, never as an argument. Restore by hand: README "When an up is interrupted".
set -euo pipefail

usage() { echo "usage: bash .ci/sealed.sh seal|open IN OUT (PULUMI_CONFIG_PASSPHRASE in the environment)" >&2; exit 2; }
[ $# -eq 3 ] || usage
mode=$1 in=$2 out=$3
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ]; then
  echo "PULUMI_CONFIG_PASSPHRASE is empty: the stack's passphrase seals and opens the file" >&2
  exit 2
fi
[ -f "$in" ] || { echo "$in does not exist" >&2; exit 2; }
cipher=(-aes-256-cbc -pbkdf2 -iter 600000 -md sha256 -pass env:PULUMI_CONFIG_PASSPHRASE)

case $mode in
  seal)
    jq -e . "$in" >/dev/null || { echo "$in is not JSON: refusing to seal it" >&2; exit 1; }
    (umask 077 && openssl enc "${cipher[@]}" -salt -in "$in" -out "$out")
    ;;
  open)
    if ! (umask 077 && openssl enc -d "${cipher[@]}" -in "$in" -out "$out") 2>/dev/null || ! jq -e . "$out" >/dev/null 2>&1; then
      rm -f "$out"
      echo "$in does not open with this passphrase (or is damaged)" >&2
      exit 1
    fi
    ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# What the delivery workflows run after a deployment (README "Verification"):
#
#   bash .ci/verify.sh STACK WHEN [verify options...]
#
# runs `dotnet run --project cli -- verify STACK --output markdown [options]`, appends the report under the
# heading WHEN to the job summary ($GITHUB_STEP_SUMMARY), prints it to the log, and exits as verify does
# (0 passed, 1 a check failed, 2 verify could not run), so a failed check fails the run.
#
# VERIFY_SSH_KEY (optional, from a secret through the step's environment): the private key for SSH to the
# Vault host. It is written to a 0600 temporary file with printf, a shell builtin (so it is never an
# argument of any process), passed as --ssh-key, and removed on exit. Without it the Vault check is
# reported as skipped.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

if [ $# -lt 2 ]; then
  echo "usage: bash .ci/verify.sh STACK WHEN [verify options...]" >&2
  exit 2
fi
stack=$1 when=$2
shift 2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(verify "$stack" --output markdown "$@")
if [ -n "${VERIFY_SSH_KEY:-}" ]; then
  (umask 077 && printf '%s\n' "$VERIFY_SSH_KEY" > "$work/ssh-key")
  args+=(--ssh-key "$work/ssh-key")
fi

status=0
dotnet run --project cli -- "${args[@]}" > "$work/report.md" 2> "$work/errors.txt" || status=$?

{
  echo "## verify $stack: $when"
  echo
  if [ -s "$work/report.md" ]; then cat "$work/report.md"; fi
  if [ -s "$work/errors.txt" ]; then echo '```'; cat "$work/errors.txt"; echo '```'; fi
} >> "${GITHUB_STEP_SUMMARY:-/dev/null}"

cat "$work/report.md" "$work/errors.txt"
case $status in
  0) echo "verify $stack ($when): passed" ;;
  1) echo "::error::verify $stack ($when): a check failed; the report is in the job summary" ;;
  *) echo "::error::verify $stack ($when) could not run (exit $status): see the message above" ;;
esac
exit "$status"

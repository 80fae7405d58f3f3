#!/usr/bin/env bash
# The backup tool's commands (stacks/Backup/BackupScripts.cs composes them last): `vault` and `k3s` take a backup and
# upload it (the timers), `list KIND` shows what the bucket holds, `fetch KIND [KEY] FILE` downloads one (the newest by
# default), `restore-vault FILE` and `restore-k3s FILE` put one back (README, Restore). A kind's commands exist where
# the host backs that kind up (tool-vault.sh, tool-k3s.sh); the usage line is the tool's own "# Usage:" comment.

usage() { fail "usage: $0 $(sed -n 's/^# Usage: [^ ]* //p' "$0")"; }
case "${1:-}" in
  vault | k3s) declare -F "backup_$1" >/dev/null || usage; "backup_$1" ;;
  list) list "${2:?list KIND}" ;;
  due) due "${2:?due KIND}" ;;
  fetch) shift; [ $# -ge 2 ] || fail "usage: fetch KIND [KEY] FILE"; fetch "$@" ;;
  restore-vault | restore-k3s) declare -F "restore_${1#restore-}" >/dev/null || usage; "restore_${1#restore-}" "${2:?$1 FILE}" ;;
  *) usage ;;
esac

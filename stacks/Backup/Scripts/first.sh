#!/usr/bin/env bash
# backup-<host>-first (stacks/Backup/BackupScripts.cs composes it), the step after Vault's credential files and k3s's
# install: a kind without a backup of the last 20 hours (the first deployment, a new bucket) gets one now, so that
# verify finds one at once and a broken backup fails `pulumi up`. A bucket that cannot be listed leaves the first
# backup to the timer. The header sets the kinds of backup and the backup tool:
declare tool_path
declare -a kinds

for kind in "${kinds[@]}"; do
  if state=$("$tool_path" due "$kind"); then
    if [ "$state" = due ]; then "$tool_path" "$kind"; else echo "a $kind backup of the last 20 hours is in the bucket"; fi
  else
    echo "could not list the $kind backups (above): the timer takes the first one" >&2
  fi
done

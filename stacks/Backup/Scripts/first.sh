#!/usr/bin/env bash
# backup-<host>-first (stacks/Backup/BackupScripts.cs composes it), the step after Vault's credential files and k3s's
# install: a kind without a backup of the last 20 hours (the first deployment, a new bucket) gets one now, so that
# verify finds one at once and a broken backup fails `pulumi up`. A bucket that cannot be listed fails it too, after
# trying again for a while (a token the same `up` just made may take a moment to reach R2). The header sets the kinds
# of backup, the backup tool, and how often and how far apart it lists the bucket:
declare tool_path list_attempts list_pause_seconds
declare -a kinds

for kind in "${kinds[@]}"; do
  attempt=1
  until state=$("$tool_path" due "$kind"); do
    if [ "$attempt" -ge "$list_attempts" ]; then
      echo "could not list the $kind backups (above) after $list_attempts tries: the backup bucket refuses this host's key or cannot be reached; check the writer token's bucket, permission group and jurisdiction (README \"Backups\")" >&2
      exit 1
    fi
    echo "could not list the $kind backups (above): trying again in $list_pause_seconds s (a new token may not have reached R2 yet)" >&2
    sleep "$list_pause_seconds"
    attempt=$((attempt + 1))
  done
  if [ "$state" = due ]; then "$tool_path" "$kind"; else echo "a $kind backup of the last 20 hours is in the bucket"; fi
done

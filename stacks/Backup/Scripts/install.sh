#!/usr/bin/env bash
# backup-<host> (stacks/Backup/BackupScripts.cs composes it, after stacks/Hetzner/Scripts/packages.sh has installed the
# packages the backups need): the bucket's credential, the k3s archives' passphrase, the backup tool (tool.sh and the
# parts after it) and a systemd timer per kind of backup. Idempotent: every file is written only when it changed (a
# second run changes nothing), each to a temporary name and renamed (a failure half-way leaves the old file or the new
# one, never a partial one). The header sets the kinds of backup, the files and folders, the tool itself, the units'
# prefix, the bucket, the host and each kind's schedule:
declare config_dir curl_config encryption_key_file tool_path tool unit_prefix bucket host vault_schedule k3s_schedule
declare -a kinds

# Everything this step writes is root's alone (after the packages: apt and their maintainer scripts keep the usual umask).
umask 077
if ! curl --help all 2>/dev/null | grep -q -- '--aws-sigv4'; then
  echo "backups need curl >= 7.75 (--aws-sigv4) on this host" >&2
  exit 1
fi
mkdir -p "$config_dir" /usr/local/sbin /etc/systemd/system
chmod 0700 "$config_dir"
# install_file PATH MODE: the content on stdin; in place in one rename, and only when it changed.
install_file() {
  local target=$1 mode=$2
  cat > "$target.new"
  chmod "$mode" "$target.new"
  if cmp -s "$target.new" "$target"; then rm -f "$target.new"; else mv -f "$target.new" "$target"; echo "wrote $target"; fi
}
# The bucket's credential as curl config (quoted: backslash and double quote escaped), never an argument. A line
# break cannot be quoted there: refused (S3 keys have none), naming the inputs, not their values.
s3_access=${BACKUP_S3_ACCESS_KEY//\\/\\\\}
s3_access=${s3_access//\"/\\\"}
s3_secret=${BACKUP_S3_SECRET_KEY//\\/\\\\}
s3_secret=${s3_secret//\"/\\\"}
printf 'user = "%s:%s"\n' "$s3_access" "$s3_secret" > "$curl_config.draft"
unset s3_access s3_secret
if [ "$(wc -l < "$curl_config.draft")" != 1 ] || grep -q $'\r' "$curl_config.draft"; then
  rm -f "$curl_config.draft"
  echo "input BACKUP_S3_ACCESS_KEY or BACKUP_S3_SECRET_KEY holds a line break: not an S3 key" >&2
  exit 1
fi
install_file "$curl_config" 0400 < "$curl_config.draft"
rm -f "$curl_config.draft"
# The k3s archives are encrypted with the input BACKUP_ENCRYPTION_KEY (tool-k3s.sh).
if [[ " ${kinds[*]} " == *" k3s "* ]]; then
  printf '%s' "${BACKUP_ENCRYPTION_KEY:?}" | install_file "$encryption_key_file" 0400
fi
printf '%s\n' "$tool" | install_file "$tool_path" 0700
for kind in "${kinds[@]}"; do
  case "$kind" in
    vault) after=vault.service schedule=$vault_schedule ;;
    k3s) after=k3s.service schedule=$k3s_schedule ;;
  esac
  install_file "/etc/systemd/system/$unit_prefix$kind.service" 0644 <<UNIT
[Unit]
Description=Backup of $kind to the off-site bucket $bucket
Wants=network-online.target
After=network-online.target $after
[Service]
Type=oneshot
ExecStart=$tool_path $kind
Nice=10
IOSchedulingClass=idle
UNIT
  install_file "/etc/systemd/system/$unit_prefix$kind.timer" 0644 <<UNIT
[Unit]
Description=Daily backup of $kind
[Timer]
OnCalendar=$schedule
RandomizedDelaySec=30m
Persistent=true
[Install]
WantedBy=timers.target
UNIT
done
systemctl daemon-reload
for kind in "${kinds[@]}"; do
  systemctl enable --now "$unit_prefix$kind.timer" >/dev/null
done
printf -v kinds_text '%s and ' "${kinds[@]}"
echo "daily backups of ${kinds_text% and } to $bucket scheduled on $host"

#!/usr/bin/env bash
# The k3s commands of the backup tool (stacks/Backup/BackupScripts.cs composes them after tool.sh on the k3s host).
# The k3s datastore, copied consistently while k3s runs: VACUUM INTO reads the SQLite database in one transaction and
# writes a compact copy (sqlite.org/lang_vacuum.html, "VACUUM INTO"), where the online backup API starts over whenever
# another connection writes (sqlite.org/backup.html), which k3s does all the time. With it the token, which encrypts
# the datastore's confidential data (docs.k3s.io/datastore/backup-restore: "you must also back up the server token"),
# and the cluster's CAs and credentials (tls/, cred/); the archive holds every Kubernetes Secret, so it is encrypted
# (gpg, AES-256, with integrity) before it leaves the host. The header sets k3s's server folder; tool.sh the rest:
declare server conf work

backup_k3s() {
  [ -s "$server/db/state.db" ] || fail "no k3s datastore at $server/db/state.db (k3s with its default SQLite datastore?)"
  mkdir "$work/k3s" "$work/gnupg"
  chmod 0700 "$work/gnupg"
  (cd "$work/k3s" && sqlite3 -bail -cmd '.timeout 60000' "$server/db/state.db" "VACUUM INTO 'state.db'") || fail "copying $server/db/state.db failed"
  check_datastore "$work/k3s/state.db"
  cp "$server/token" "$work/k3s/token"
  entries=()
  for entry in tls cred; do if [ -e "$server/$entry" ]; then entries+=("$entry"); fi; done
  [ ${#entries[@]} -gt 0 ] || fail "no certificates under $server/tls: not a k3s server"
  tar -C "$server" -cf "$work/k3s/server.tar" "${entries[@]}"
  tar -C "$work/k3s" -czf "$work/k3s.tar.gz" .
  gpg --batch --quiet --homedir "$work/gnupg" --pinentry-mode loopback --passphrase-file "$conf/k3s.key" \
    --symmetric --cipher-algo AES256 --output "$work/k3s.tar.gz.gpg" "$work/k3s.tar.gz"
  upload k3s "$work/k3s.tar.gz.gpg" .tar.gz.gpg
}

# check_datastore FILE: a sound SQLite database holding kine's table (k3s's datastore), or a clear failure.
check_datastore() {
  [ "$(sqlite3 "$1" 'PRAGMA integrity_check;')" = ok ] || fail "$1 fails SQLite's integrity check"
  sqlite3 "$1" 'SELECT count(*) FROM kine;' >/dev/null 2>&1 || fail "$1 is not a k3s datastore (no kine table)"
}

restore_k3s() {
  local file=$1 aside
  [ -s "$file" ] || fail "no backup at $file"
  if systemctl is-active --quiet k3s; then
    fail "k3s is running: stop it first (systemctl stop k3s && /usr/local/bin/k3s-killall.sh), then restore"
  fi
  mkdir "$work/gnupg" "$work/restore"
  chmod 0700 "$work/gnupg"
  gpg --batch --quiet --homedir "$work/gnupg" --pinentry-mode loopback --passphrase-file "$conf/k3s.key" \
    --decrypt --output "$work/k3s.tar.gz" "$file" || fail "$file does not decrypt with $conf/k3s.key (another stack's backup, or damaged)"
  tar -xzf "$work/k3s.tar.gz" -C "$work/restore"
  check_datastore "$work/restore/state.db"
  [ -s "$work/restore/token" ] || fail "$file holds no server token"
  # What is there now is kept aside, not deleted; the old db's -wal and -shm go with it, so nothing is replayed.
  aside="$server.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$server" "$aside"
  for entry in db token tls cred; do
    if [ -e "$server/$entry" ]; then mv "$server/$entry" "$aside/"; fi
  done
  mkdir -p "$server/db"
  install -m 0600 "$work/restore/state.db" "$server/db/state.db"
  install -m 0600 "$work/restore/token" "$server/token"
  tar -xf "$work/restore/server.tar" -C "$server"
  echo "restored $file into $server (what was there is in $aside): start k3s (systemctl start k3s)"
}

#!/usr/bin/env bash
# The Vault commands of the backup tool (stacks/Backup/BackupScripts.cs composes them after tool.sh on the Vault host).
# A raft snapshot (GET sys/storage/raft/snapshot, as the snapshot-only identity), checked whole before it is uploaded:
# a gzip'd tar of meta.json, state.bin and their SHA256SUMS (hashicorp/raft-snapshot archive.go). It is encrypted by
# Vault's barrier: useless without the unseal shares. Restore: POST sys/storage/raft/snapshot-force, into a Vault with
# no data (initialised here with one temporary share, for a token) or with an operator's root token; Vault then holds
# the snapshot's keyring and seals: the original shares unseal it (Vault API docs, /sys/storage/raft "Force Restore";
# docs, "Restore a Vault snapshot"). The header sets where the identity's credential files are
# (<this>-role-id, <this>-secret-id); the Vault client and tool.sh the rest:
# shellcheck disable=SC2034 # vault_logged_in: the client's vault_logout reads it (Vault/Scripts/client.sh)
declare backup_credentials system_mount vault_tmp vault_status vault_addr work

# check_snapshot FILE: a whole raft snapshot, or a clear failure.
check_snapshot() {
  rm -rf "$work/check" && mkdir "$work/check"
  tar -xzf "$1" -C "$work/check" meta.json state.bin SHA256SUMS 2>/dev/null || fail "$1 is not a complete Vault raft snapshot (meta.json, state.bin, SHA256SUMS)"
  (cd "$work/check" && sha256sum --check --quiet --strict SHA256SUMS >/dev/null 2>&1) || fail "$1 is damaged: its SHA256SUMS do not match"
  rm -rf "$work/check"
}

# Logs in as the snapshot-only identity from its role-id and secret-id files: jq reads them, no argument holds them.
vault_login_backup() {
  jq -n --rawfile role "$backup_credentials-role-id" --rawfile secret "$backup_credentials-secret-id" \
    '{role_id: $role, secret_id: $secret}' > "$vault_tmp/login"
  vault_api POST "auth/$system_mount/login" "$vault_tmp/login"
  rm -f "$vault_tmp/login"
  jq -r '"X-Vault-Token: " + .auth.client_token' "$vault_tmp/response" > "$vault_tmp/token"
  : > "$vault_tmp/response"
  vault_logged_in=1
}

backup_vault() {
  vault_require_unsealed
  vault_login_backup
  vault_call GET sys/storage/raft/snapshot
  [ "$vault_status" = 200 ] || { vault_fail "GET sys/storage/raft/snapshot"; exit 1; }
  mv "$vault_tmp/response" "$work/vault.snap"
  check_snapshot "$work/vault.snap"
  upload vault "$work/vault.snap" .snap
}

restore_vault() {
  local file=$1
  [ -s "$file" ] || fail "no snapshot at $file"
  check_snapshot "$file"
  vault_wait
  vault_api GET sys/init
  if ! jq -e '.initialized' "$vault_tmp/response" >/dev/null; then
    # A Vault without data: one temporary share, only for a token; the snapshot replaces both.
    printf '{"secret_shares": 1, "secret_threshold": 1}' > "$work/init"
    vault_api PUT sys/init "$work/init"
    mv "$vault_tmp/response" "$work/temporary"
    jq -c '{key: .keys_base64[0]}' "$work/temporary" > "$work/unseal"
    vault_api PUT sys/unseal "$work/unseal"
    jq -r '"X-Vault-Token: " + .root_token' "$work/temporary" > "$vault_tmp/token"
    rm -f "$work/temporary" "$work/unseal"
  else
    echo "Vault at $vault_addr holds data: paste a root token (vault operator generate-root), then Enter" >&2
    IFS= read -rs token || true
    [ -n "${token:-}" ] || fail "no root token given: nothing restored"
    printf 'X-Vault-Token: %s\n' "$token" > "$vault_tmp/token"
    unset token
  fi
  vault_require_unsealed
  vault_call POST sys/storage/raft/snapshot-force "$file" application/octet-stream
  case "$vault_status" in 2??) ;; *) vault_fail "POST sys/storage/raft/snapshot-force"; exit 1 ;; esac
  rm -f "$vault_tmp/token"
  echo "restored $file: Vault holds the snapshot's data and keys; unless they were its own, it is sealed: unseal it with the original shares (README, Restore Vault)"
}

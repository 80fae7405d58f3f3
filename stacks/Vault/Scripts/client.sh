#!/usr/bin/env bash
# The bash client of Vault's HTTP API every step after install uses (stacks/Vault/VaultApi.cs composes it first, after
# the header): curl with TLS verified against Vault's own CA. Tokens and request bodies live only in files of a
# private temporary directory (mode 0700), passed to curl as @file; no secret is ever an argument of a process (ps
# shows arguments to every user of the host), and jq reads secrets from files or standard input only. Error lines
# name the method, the path, the HTTP status and Vault's own errors, which never echo a request body.
# The header sets Vault's address, its CA certificate and the AppRole mount of the platform's identities:
declare vault_addr vault_ca system_mount

umask 077
vault_tmp=$(mktemp -d)
trap 'vault_logout; rm -rf "$vault_tmp"' EXIT

# vault_call METHOD PATH [BODY_FILE [CONTENT_TYPE]]: sets vault_status (000: no answer); the body is in $vault_tmp/response.
vault_call() {
  local args=(--silent --show-error --cacert "$vault_ca" --request "$1" --output "$vault_tmp/response" --write-out '%{http_code}')
  if [ -s "$vault_tmp/token" ]; then args+=(--header "@$vault_tmp/token"); fi
  if [ -n "${3:-}" ]; then args+=(--data-binary "@$3"); fi
  if [ -n "${4:-}" ]; then args+=(--header "Content-Type: $4"); fi
  : > "$vault_tmp/response"
  vault_status=$(curl "${args[@]}" "$vault_addr/v1/$2") || vault_status=000
}

# vault_fail WHAT: one line saying what Vault answered, on stderr.
vault_fail() {
  if [ "$vault_status" = 000 ]; then
    echo "$1: no answer from Vault at $vault_addr (is it running? journalctl -u vault)" >&2
  else
    echo "$1: HTTP $vault_status from Vault: $(jq -r '.errors // [] | join("; ")' "$vault_tmp/response" 2>/dev/null || true)" >&2
  fi
}

# vault_api METHOD PATH [BODY_FILE [CONTENT_TYPE]]: vault_call that fails unless Vault answers 2xx.
vault_api() {
  vault_call "$@"
  case "$vault_status" in 2??) return 0 ;; esac
  vault_fail "$1 $2"
  return 1
}

# Waits until Vault answers at all (sys/health answers 200, 429, 472, 473, 501 or 503 by state).
vault_wait() {
  for _ in $(seq 1 30); do
    vault_call GET sys/health
    if [ "$vault_status" != 000 ]; then return 0; fi
    sleep 1
  done
  vault_fail "GET sys/health"
  return 1
}

# A sealed Vault answers 503 to everything: say so once, plainly, before anything else fails. Unsealed is
# not yet active: on integrated storage (raft) the node is a standby until it wins its election, and a
# standby with no active node answers 500 "local node not active but active cluster node not found"
# (hashicorp/vault#20336). sys/health (api-docs/system/health): 200 active, 429 standby, 501/503 not
# initialised/sealed; so wait for 200.
vault_require_unsealed() {
  vault_wait
  for _ in $(seq 1 60); do
    vault_call GET sys/health
    case "$vault_status" in
      200) return 0 ;;
      429) sleep 1 ;;
      501|503)
        echo "Vault at $vault_addr is sealed or not initialised: a restart or reboot seals it. Unseal it (README, Vault), then run pulumi up again." >&2
        exit 1 ;;
      *) vault_fail "GET sys/health"; exit 1 ;;
    esac
  done
  echo "Vault at $vault_addr is unsealed but still a standby after 60 s: no active node (journalctl -u vault)." >&2
  exit 1
}

# Presents the root token of the init output, the input VAULT_INIT_JSON (jq reads it from stdin; only its header
# file holds it).
vault_use_root() {
  printf '%s' "${VAULT_INIT_JSON:-}" | jq -r '.root_token // empty' > "$vault_tmp/root"
  if [ ! -s "$vault_tmp/root" ]; then
    echo "the init output holds no root token" >&2
    exit 1
  fi
  { printf 'X-Vault-Token: '; cat "$vault_tmp/root"; } > "$vault_tmp/token"
  rm -f "$vault_tmp/root"
}

# Logs in as the deployer identity (AppRole), the input VAULT_DEPLOYER_JSON, and presents its short-lived token;
# vault_logout revokes it.
vault_login_deployer() {
  printf '%s' "${VAULT_DEPLOYER_JSON:-}" | jq -c '{role_id, secret_id}' > "$vault_tmp/login"
  vault_api POST "auth/$system_mount/login" "$vault_tmp/login"
  rm -f "$vault_tmp/login"
  jq -r '"X-Vault-Token: " + .auth.client_token' "$vault_tmp/response" > "$vault_tmp/token"
  : > "$vault_tmp/response"
  vault_logged_in=1
}

vault_logout() {
  if [ -n "${vault_logged_in:-}" ] && [ -s "$vault_tmp/token" ]; then
    vault_call POST auth/token/revoke-self || true
  fi
}

#!/usr/bin/env bash
# vault-revoke-root (stacks/Vault/VaultScripts.cs composes it, after the client): revokes the initial root token (the
# HoodCloud production checklist, docs/sources/hoodcloud-production-checklist.txt "Root token revoked after setup") and
# succeeds only when Vault, unsealed, confirms it: a lookup with the token answers 403. Sealed or unreachable is a
# failure, never "already revoked".
declare vault_status

vault_require_unsealed
vault_use_root
vault_call GET auth/token/lookup-self
if [ "$vault_status" = 403 ]; then
  echo "the root token is revoked (Vault answers 403 to it)"
  exit 0
elif [ "$vault_status" != 200 ]; then
  vault_fail "GET auth/token/lookup-self"
  exit 1
fi
vault_api POST auth/token/revoke-self
vault_call GET auth/token/lookup-self
if [ "$vault_status" != 403 ]; then
  echo "Vault accepted the revocation, yet the root token still answers HTTP $vault_status to lookup-self: not revoked." >&2
  exit 1
fi
echo "root token revoked (Vault answers 403 to it)"

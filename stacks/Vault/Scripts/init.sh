#!/usr/bin/env bash
# vault-init (stacks/Vault/VaultScripts.cs composes it, after the client): PUT sys/init (Vault API docs, /sys/init)
# when Vault is not initialised, and prints Vault's answer, the only copy of the shares and of the root token.
# Already initialised means this step ran a second time: that fails, because succeeding would replace the stored
# answer with nothing. The header sets the request body and the placeholder PGP keys of the config, if any:
declare init_body placeholder_keys vault_addr vault_tmp

# Placeholder PGP keys (PgpKeys.IsPlaceholder) would make Vault's only shares undecryptable: validate says so as a
# notice, and this step stops before it touches Vault, so a replaced key makes the next up initialise normally (a
# failed create leaves nothing in the state to ignore changes of). A test of the list, not a bare exit, keeps the
# rest of the script reachable for shellcheck (SC2317).
if [ -n "$placeholder_keys" ]; then
  echo "platform:vault $placeholder_keys: placeholder keys, whose private keys were discarded. Init would encrypt Vault's only shares to them, and nobody could ever unseal it: replace them with the operators' keys (README, Vault), then run pulumi up again. Vault was not touched." >&2
  exit 1
fi
vault_wait
vault_api GET sys/init
if jq -e '.initialized' "$vault_tmp/response" >/dev/null; then
  echo "Vault at $vault_addr is already initialised, and init never runs twice: its first answer (the shares) is in the state of this step's first run. If that state was lost, restore it from a state backup (pulumi stack export/import); nothing here can recreate the shares." >&2
  exit 1
fi
printf '%s\n' "$init_body" > "$vault_tmp/init"
vault_api PUT sys/init "$vault_tmp/init"
cat "$vault_tmp/response"

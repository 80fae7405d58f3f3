#!/usr/bin/env bash
# The start of vault-unseal (stacks/Vault/VaultScripts.cs composes it, after the client): an unsealed Vault needs
# nothing, and the step ends here; a sealed one is unsealed by the part after this one.
declare vault_tmp

vault_wait
vault_api GET sys/seal-status
if jq -e '.sealed | not' "$vault_tmp/response" >/dev/null; then
  echo "Vault is unsealed"
  exit 0
fi

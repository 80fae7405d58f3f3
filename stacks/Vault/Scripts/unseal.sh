#!/usr/bin/env bash
# vault-unseal where the shares are not encrypted (staging; stacks/Vault/VaultScripts.cs composes it after
# seal-status.sh): PUT sys/unseal with a JSON body built from the init output, the input VAULT_INIT_JSON, not
# `vault operator unseal -` (the CLI takes "-" as the key itself, command/operator_unseal.go). The header sets how
# many shares unseal Vault:
declare threshold vault_tmp

# A fresh attempt: earlier partial progress (someone's share) is discarded.
printf '{"reset": true}' > "$vault_tmp/unseal"
vault_api PUT sys/unseal "$vault_tmp/unseal"
for i in $(seq 0 $((threshold - 1))); do
  printf '%s' "${VAULT_INIT_JSON:?}" | jq -c --argjson i "$i" '{key: .keys_base64[$i]}' > "$vault_tmp/unseal"
  vault_api PUT sys/unseal "$vault_tmp/unseal"
  rm -f "$vault_tmp/unseal"
done
if ! jq -e '.sealed | not' "$vault_tmp/response" >/dev/null; then
  echo "Vault is still sealed after $threshold shares: $(jq -r '"progress \(.progress)/\(.t)"' "$vault_tmp/response")" >&2
  exit 1
fi
echo "Vault unsealed"

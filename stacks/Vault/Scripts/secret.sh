#!/usr/bin/env bash
# vault-secrets-<app> and vault-secrets-certbot (stacks/Vault/VaultScripts.cs composes it, after the client): as the
# deployer, the configured fields of one KV v2 secret. Each value goes from its input to a private file, and jq reads
# it with --rawfile. A new secret is created (POST); an existing one is patched (JSON merge patch, Vault API docs
# "KV v2: patch secret"), so fields operators added by hand (the NATS seeds of the HoodCloud production checklist,
# docs/sources/hoodcloud-production-checklist.txt) stay; unchanged values write no new version. The header sets the mount, the
# secret's path, its fields and, for each field at the same index, the input holding its value:
declare kv_mount secret_path vault_tmp vault_status
declare -a secret_fields secret_inputs

vault_require_unsealed
vault_login_deployer
echo '{}' > "$vault_tmp/data"
for i in "${!secret_fields[@]}"; do
  input=${secret_inputs[$i]}
  printf '%s' "${!input:?}" > "$vault_tmp/value"
  jq --arg field "${secret_fields[$i]}" --rawfile value "$vault_tmp/value" '.[$field] = $value' "$vault_tmp/data" > "$vault_tmp/data.new"
  mv -f "$vault_tmp/data.new" "$vault_tmp/data"
done
rm -f "$vault_tmp/value"
jq '{data: .}' "$vault_tmp/data" > "$vault_tmp/secret"
url="$kv_mount/data/$secret_path"
vault_call GET "$url"
if [ "$vault_status" = 200 ]; then
  if jq -e --slurpfile new "$vault_tmp/secret" '.data.data as $old | $new[0].data | to_entries | all(.value == $old[.key])' "$vault_tmp/response" >/dev/null; then
    echo "$kv_mount/$secret_path unchanged"
    exit 0
  fi
  vault_api PATCH "$url" "$vault_tmp/secret" application/merge-patch+json
elif [ "$vault_status" = 404 ]; then
  vault_api POST "$url" "$vault_tmp/secret"
else
  vault_fail "GET $url"
  exit 1
fi
echo "wrote $kv_mount/$secret_path (version $(jq -r '.data.version' "$vault_tmp/response"))"

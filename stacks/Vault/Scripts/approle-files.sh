#!/usr/bin/env bash
# vault-approle-files (stacks/Vault/VaultScripts.cs composes it, after the client): as the deployer, each role's
# role-id and a valid secret-id as root-only 0400 files (docs/sources/hoodcloud-production-checklist.txt): the apps' and certbot's in the credentials folder, the backup timer's in its own. Each file is
# written to a temporary name and renamed, so a failure half-way never leaves an empty or partial file; an existing
# secret-id is kept only while Vault still knows it. Files of removed app roles go. The header sets the credentials
# folder, the roles (each "ROLE PATH|FILES PATH"), the prefix of the apps' files and Vault's CA certificate:
declare dir app_file_prefix ca_cert vault_tmp vault_status
declare -a roles

vault_require_unsealed
vault_login_deployer
mkdir -p "$dir"
# install_file PATH: moves $vault_tmp/file to PATH (0400, root) in one rename, unless it is unchanged.
install_file() {
  local target=$1 folder
  folder=$(dirname "$target")
  mkdir -p "$folder"
  chmod 0400 "$vault_tmp/file"
  if cmp -s "$vault_tmp/file" "$target"; then rm -f "$vault_tmp/file"; return 0; fi
  mv -f "$vault_tmp/file" "$folder/.$(basename "$target").new"
  chown root:root "$folder/.$(basename "$target").new"
  mv -f "$folder/.$(basename "$target").new" "$target"
  echo "wrote $target"
}
for entry in "${roles[@]}"; do
  role=${entry%%|*}
  files=${entry#*|}
  vault_api GET "$role/role-id"
  jq -j '.data.role_id' "$vault_tmp/response" > "$vault_tmp/file"
  install_file "$files-role-id"
  vault_status=404
  if [ -s "$files-secret-id" ]; then
    jq -Rs '{secret_id: .}' "$files-secret-id" > "$vault_tmp/lookup"
    vault_call POST "$role/secret-id/lookup" "$vault_tmp/lookup"
  fi
  # Vault answers 200 with the secret-id's data while it is valid, 204 or 404 once it is not.
  if [ "$vault_status" != 200 ] || ! jq -e '.data.secret_id_accessor' "$vault_tmp/response" >/dev/null; then
    vault_api POST "$role/secret-id"
    jq -j '.data.secret_id' "$vault_tmp/response" > "$vault_tmp/file"
    : > "$vault_tmp/response"
    install_file "$files-secret-id"
  fi
done
for file in "$dir/$app_file_prefix"*-role-id; do
  [ -e "$file" ] || continue
  files=${file%-role-id}
  if ! printf '%s\n' "${roles[@]#*|}" | grep -qxF -- "$files"; then
    rm -f "$files-role-id" "$files-secret-id"
    echo "removed the credentials $files-role-id and -secret-id"
  fi
done
cp "$ca_cert" "$vault_tmp/file"
chmod 0644 "$vault_tmp/file"
if ! cmp -s "$vault_tmp/file" "$dir/vault-ca.crt"; then mv -f "$vault_tmp/file" "$dir/vault-ca.crt"; fi
echo "AppRole credentials in place"

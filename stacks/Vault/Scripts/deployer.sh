#!/usr/bin/env bash
# vault-deployer (stacks/Vault/VaultScripts.cs composes it, after the client): with the root token, once, KV v2 at
# the platform's mount, the AppRole mounts (the platform's own and the apps'), the policies only root writes (the
# deployer's, the templated app policy with the apps mount's accessor, the backup timer's snapshot policy), the
# backup timer's role, and the deployer identity (an AppRole role with the deployer policy), proven by a login
# before it is handed over. Prints {"role_id","secret_id"}, the deployer's credentials, last. The header sets the
# mounts' and identities' names (VaultNames) and each request body:
declare kv_mount system_mount apps_mount app_policy_name backup_identity deployer_identity accessor_placeholder \
  mount_body auth_body app_policy_body backup_policy_body backup_role_body deployer_policy_body deployer_role_body \
  vault_tmp vault_status

vault_require_unsealed
vault_use_root
vault_call GET auth/token/lookup-self
if [ "$vault_status" = 403 ]; then
  echo "The root token is already revoked, and the deployer identity is not in Pulumi's state. Recovery (README, Vault): operators make a root token with 'vault operator generate-root', and run this step with it." >&2
  exit 1
elif [ "$vault_status" != 200 ]; then
  vault_fail "GET auth/token/lookup-self"
  exit 1
fi
vault_api GET sys/mounts
if ! jq -e --arg m "$kv_mount/" '.data[$m] // .[$m]' "$vault_tmp/response" >/dev/null; then
  printf '%s\n' "$mount_body" > "$vault_tmp/mount"
  vault_api POST "sys/mounts/$kv_mount" "$vault_tmp/mount"
elif ! jq -e --arg m "$kv_mount/" '(.data[$m] // .[$m]) | .type == "kv" and .options.version == "2"' "$vault_tmp/response" >/dev/null; then
  echo "$kv_mount/ is mounted, but not as KV version 2: the platform's secret paths need KV v2." >&2
  exit 1
fi
printf '%s\n' "$auth_body" > "$vault_tmp/auth"
for mount in "$system_mount" "$apps_mount"; do
  vault_api GET sys/auth
  if ! jq -e --arg m "$mount/" '.data[$m] // .[$m]' "$vault_tmp/response" >/dev/null; then
    vault_api POST "sys/auth/$mount" "$vault_tmp/auth"
  elif ! jq -e --arg m "$mount/" '(.data[$m] // .[$m]).type == "approle"' "$vault_tmp/response" >/dev/null; then
    echo "auth/$mount/ is enabled, but not as AppRole: the platform's identities need AppRole there." >&2
    exit 1
  fi
done
# The app policy's one path names the apps mount by its accessor (Vault docs, "Templated policies").
vault_api GET sys/auth
accessor=$(jq -r --arg m "$apps_mount/" '(.data[$m] // .[$m]).accessor // empty' "$vault_tmp/response")
if ! [[ $accessor =~ ^auth_approle_[0-9a-f]+$ ]]; then
  echo "Vault gave no AppRole accessor for auth/$apps_mount/ (found '$accessor')." >&2
  exit 1
fi
printf '%s\n' "$app_policy_body" > "$vault_tmp/app-policy"
jq -c --arg accessor "$accessor" --arg placeholder "$accessor_placeholder" '.policy |= sub($placeholder; $accessor)' "$vault_tmp/app-policy" > "$vault_tmp/policy"
vault_api PUT "sys/policies/acl/$app_policy_name" "$vault_tmp/policy"
printf '%s\n' "$backup_policy_body" > "$vault_tmp/policy"
vault_api PUT "sys/policies/acl/$backup_identity" "$vault_tmp/policy"
printf '%s\n' "$backup_role_body" > "$vault_tmp/role"
vault_api POST "auth/$system_mount/role/$backup_identity" "$vault_tmp/role"
printf '%s\n' "$deployer_policy_body" > "$vault_tmp/policy"
vault_api PUT "sys/policies/acl/$deployer_identity" "$vault_tmp/policy"
printf '%s\n' "$deployer_role_body" > "$vault_tmp/role"
vault_api POST "auth/$system_mount/role/$deployer_identity" "$vault_tmp/role"
vault_api GET "auth/$system_mount/role/$deployer_identity/role-id"
mv "$vault_tmp/response" "$vault_tmp/role-id"
vault_api POST "auth/$system_mount/role/$deployer_identity/secret-id"
mv "$vault_tmp/response" "$vault_tmp/secret-id"
jq -c -n --slurpfile role "$vault_tmp/role-id" --slurpfile secret "$vault_tmp/secret-id" \
  '{role_id: $role[0].data.role_id, secret_id: $secret[0].data.secret_id}' > "$vault_tmp/deployer"
# Proven before it is handed over: a login, and that token revoked again.
rm -f "$vault_tmp/token"
vault_api POST "auth/$system_mount/login" "$vault_tmp/deployer"
jq -r '"X-Vault-Token: " + .auth.client_token' "$vault_tmp/response" > "$vault_tmp/token"
vault_api POST auth/token/revoke-self
rm -f "$vault_tmp/token"
cat "$vault_tmp/deployer"

#!/usr/bin/env bash
# vault-configure (stacks/Vault/VaultScripts.cs composes it, after the client): as the deployer, an AppRole role per
# app on the apps mount, named after the app, with the app policy and TTLs; certbot's policy and role (the HoodCloud
# production checklist, docs/sources/hoodcloud-production-checklist.txt: read-only on its path, TTL 5m, max 10m). The role of an
# app no longer configured goes (its KV data stays: deleting secrets is the operators' decision). Every value written
# is one the deployer policy pins: Vault refuses any other. The header sets the apps, the mounts, certbot's role and
# each request body:
declare apps_mount system_mount certbot_role app_role_body certbot_policy_body certbot_role_body vault_tmp vault_status
declare -a apps

vault_require_unsealed
vault_login_deployer
# vault_write METHOD PATH BODY: a write the deployer policy pins; a refusal says so.
vault_write() {
  vault_call "$@"
  case "$vault_status" in
    2??) return 0 ;;
    403) echo "$1 $2: Vault refused it (403): the deployer may write only the values its policy pins (stacks/Vault/VaultNames.cs, DeployerPolicy). Changing those takes the deployer policy rewritten with a root token (README, Vault)." >&2 ;;
    *) vault_fail "$1 $2" ;;
  esac
  exit 1
}
for app in "${apps[@]}"; do
  printf '%s\n' "$app_role_body" > "$vault_tmp/role"
  vault_write POST "auth/$apps_mount/role/$app" "$vault_tmp/role"
done
printf '%s\n' "$certbot_policy_body" > "$vault_tmp/policy"
vault_write PUT "sys/policies/acl/$certbot_role" "$vault_tmp/policy"
printf '%s\n' "$certbot_role_body" > "$vault_tmp/role"
vault_write POST "auth/$system_mount/role/$certbot_role" "$vault_tmp/role"
jq -c -n '$ARGS.positional' --args "${apps[@]}" > "$vault_tmp/keep"
# LIST answers 404 when there is nothing to list (Vault API docs, "LIST").
vault_call GET "auth/$apps_mount/role?list=true"
if [ "$vault_status" = 200 ]; then
  jq -r --slurpfile keep "$vault_tmp/keep" '.data.keys[] | select(. as $k | $keep[0] | index($k) | not)' "$vault_tmp/response" > "$vault_tmp/stale"
  while read -r stale; do
    vault_api DELETE "auth/$apps_mount/role/$stale"
    echo "removed the role of $stale"
  done < "$vault_tmp/stale"
elif [ "$vault_status" != 404 ]; then
  vault_fail "LIST auth/$apps_mount/role"
  exit 1
fi
echo "Vault roles configured"

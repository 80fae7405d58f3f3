using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// The Vault bootstrap of seeds/002 through Vault's HTTP API (<see cref="VaultApi"/>): init once, unseal,
/// the deployer identity made with the root token, the root token revoked, then policies, roles, secrets
/// and AppRole credential files, all as the deployer. Secrets reach the scripts only on standard input
/// (<see cref="ScriptInputs"/>). Each script prints a secret, if at all, as its very last action, after
/// every step that can fail: a failing remote command's error carries its output (pulumi-command v1.2.1
/// provider/pkg/provider/remote/commandOutputs.go).
/// </summary>
public static class VaultScripts
{
    /// <summary>
    /// <c>PUT sys/init</c> (Vault API docs, /sys/init) when Vault is not initialised: prints Vault's answer,
    /// the only copy of the shares (PGP-encrypted when keys are given: the API takes base64 binary keys,
    /// helper/pgpkeys GetEntities) and of the root token. Already initialised means this step ran a second
    /// time: that fails, because succeeding would replace the stored answer with nothing.
    /// </summary>
    public static string Init(VaultTarget t, int shares, int threshold, IReadOnlyList<string> pgpKeys) =>
        Shell.Script("Initialises Vault once (PUT sys/init); prints its answer, which only Pulumi's state keeps.", $"""
        {RefusePlaceholders(pgpKeys)}
        {VaultApi.Client(t)}
        vault_wait
        vault_api GET sys/init
        if jq -e '.initialized' "$vault_tmp/response" >/dev/null; then
          echo "Vault at $vault_addr is already initialised, and init never runs twice: its first answer (the shares) is in the state of this step's first run. If that state was lost, restore it from a state backup (pulumi stack export/import); nothing here can recreate the shares." >&2
          exit 1
        fi
        {Body("init", InitBody(shares, threshold, pgpKeys))}
        vault_api PUT sys/init "$vault_tmp/init"
        cat "$vault_tmp/response"
        """);

    /// <summary>
    /// Placeholder PGP keys (<see cref="PgpKeys.IsPlaceholder"/>) would make Vault's only shares undecryptable:
    /// validate says so as a notice, and the init step stops before it touches Vault, so a replaced key makes
    /// the next up initialise normally (a failed create leaves nothing in the state to ignore changes of).
    /// </summary>
    private static string RefusePlaceholders(IReadOnlyList<string> pgpKeys)
    {
        var placeholders = PgpKeys.Placeholders(pgpKeys).Select(p => $"pgpKeys[{p.Index}]").ToList();
        // A test of the list (not a bare exit) keeps the rest of the script reachable for shellcheck (SC2317).
        return placeholders.Count == 0 ? "" : $$"""
            placeholder_keys={{Shell.Quote(string.Join(", ", placeholders))}}
            if [ -n "$placeholder_keys" ]; then
              echo "platform:vault $placeholder_keys: "{{Shell.Quote("placeholder keys, whose private keys were discarded. Init would encrypt Vault's only shares to them, and nobody could ever unseal it: replace them with the operators' keys (README, Vault), then run pulumi up again. Vault was not touched.")}} >&2
              exit 1
            fi
            """;
    }

    public static object InitBody(int shares, int threshold, IReadOnlyList<string> pgpKeys) => pgpKeys.Count > 0
        ? JsonText.Object(("secret_shares", shares), ("secret_threshold", threshold), ("pgp_keys", pgpKeys))
        : JsonText.Object(("secret_shares", shares), ("secret_threshold", threshold));

    /// <summary>
    /// Unseals through <c>PUT sys/unseal</c> with a JSON body built from standard input (not
    /// <c>vault operator unseal -</c>: the CLI takes "-" as the key itself, command/operator_unseal.go).
    /// With PGP-encrypted shares unsealing is the operators' (README, Vault), and this step says so; it then reads no
    /// input, and <see cref="Unsealing.Inputs"/> sends it none.
    /// <paramref name="installScript"/>: a change to the install step may restart Vault sealed, so its
    /// hash is part of this script and this step runs again after it.
    /// </summary>
    public static string Unseal(VaultTarget t, int threshold, Unsealing unsealing, string installScript)
    {
        var unseal = unsealing.ByOperators ? $"""
            echo "Vault is sealed, and its shares are encrypted for the operators: {threshold} of them unseal it (README, Vault: production), then run pulumi up again." >&2
            exit 1
            """ : $$"""
            # A fresh attempt: earlier partial progress (someone's share) is discarded.
            printf '{"reset": true}' > "$vault_tmp/unseal"
            vault_api PUT sys/unseal "$vault_tmp/unseal"
            for i in $(seq 0 {{threshold - 1}}); do
              printf '%s' "${{{VaultApi.InitInput}}:?}" | jq -c --argjson i "$i" '{key: .keys_base64[$i]}' > "$vault_tmp/unseal"
              vault_api PUT sys/unseal "$vault_tmp/unseal"
              rm -f "$vault_tmp/unseal"
            done
            if ! jq -e '.sealed | not' "$vault_tmp/response" >/dev/null; then
              echo "Vault is still sealed after {{threshold}} shares: $(jq -r '"progress \(.progress)/\(.t)"' "$vault_tmp/response")" >&2
              exit 1
            fi
            echo "Vault unsealed"
            """;
        return Shell.Script($"Unseals Vault with {threshold} shares (PUT sys/unseal) when it is sealed.", $"""
            # After the install step {Sha256(installScript)}: a new version or config restarts Vault sealed.
            {VaultApi.Client(t)}
            vault_wait
            vault_api GET sys/seal-status
            if jq -e '.sealed | not' "$vault_tmp/response" >/dev/null; then
              echo "Vault is unsealed"
            else
            {unseal}
            fi
            """, [.. unsealing.Inputs.Keys]);
    }

    /// <summary>
    /// With the root token, once: KV v2 at <c>secret/</c>, the AppRole mounts (the platform's own and the apps'),
    /// the policies only root writes (the deployer's, the templated app policy with the apps mount's accessor,
    /// the backup timer's snapshot policy), the backup timer's role, and the deployer identity (an AppRole role
    /// with <see cref="VaultNames.DeployerPolicy"/>), proven by a login before it is handed over. Prints
    /// <c>{"role_id","secret_id"}</c>, the deployer's credentials, last.
    /// </summary>
    public static string Deployer(VaultTarget t) =>
        Shell.Script("Creates the least-privilege deployer identity with the root token; prints its AppRole credentials.", $$"""
        {{VaultApi.Client(t)}}
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
        if ! jq -e '.data["{{VaultNames.KvMount}}/"] // .["{{VaultNames.KvMount}}/"]' "$vault_tmp/response" >/dev/null; then
          {{Body("mount", JsonText.Object(("type", "kv"), ("options", JsonText.Object(("version", "2")))))}}
          vault_api POST sys/mounts/{{VaultNames.KvMount}} "$vault_tmp/mount"
        elif ! jq -e '(.data["{{VaultNames.KvMount}}/"] // .["{{VaultNames.KvMount}}/"]) | .type == "kv" and .options.version == "2"' "$vault_tmp/response" >/dev/null; then
          echo "{{VaultNames.KvMount}}/ is mounted, but not as KV version 2: the platform's secret paths need KV v2." >&2
          exit 1
        fi
        {{Body("auth", JsonText.Object(("type", "approle")))}}
        for mount in {{VaultNames.SystemMount}} {{VaultNames.AppsMount}}; do
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
        accessor=$(jq -r '(.data["{{VaultNames.AppsMount}}/"] // .["{{VaultNames.AppsMount}}/"]).accessor // empty' "$vault_tmp/response")
        if ! [[ $accessor =~ ^auth_approle_[0-9a-f]+$ ]]; then
          echo "Vault gave no AppRole accessor for auth/{{VaultNames.AppsMount}}/ (found '$accessor')." >&2
          exit 1
        fi
        {{Body("app-policy", JsonText.Object(("policy", VaultNames.AppPolicyTemplate)))}}
        jq -c --arg accessor "$accessor" '.policy |= sub("{{VaultNames.AccessorPlaceholder}}"; $accessor)' "$vault_tmp/app-policy" > "$vault_tmp/policy"
        vault_api PUT sys/policies/acl/{{VaultNames.AppPolicyName}} "$vault_tmp/policy"
        {{Body("policy", JsonText.Object(("policy", VaultNames.BackupPolicy)))}}
        vault_api PUT sys/policies/acl/{{VaultNames.Backup}} "$vault_tmp/policy"
        {{Body("role", VaultNames.BackupRoleSettings)}}
        vault_api POST auth/{{VaultNames.SystemMount}}/role/{{VaultNames.Backup}} "$vault_tmp/role"
        {{Body("policy", JsonText.Object(("policy", VaultNames.DeployerPolicy)))}}
        vault_api PUT sys/policies/acl/{{VaultNames.Deployer}} "$vault_tmp/policy"
        {{Body("role", JsonText.Object(("token_policies", VaultNames.Deployer), ("token_ttl", "15m"), ("token_max_ttl", "1h"), ("secret_id_num_uses", 0), ("secret_id_ttl", "0")))}}
        vault_api POST auth/{{VaultNames.SystemMount}}/role/{{VaultNames.Deployer}} "$vault_tmp/role"
        vault_api GET auth/{{VaultNames.SystemMount}}/role/{{VaultNames.Deployer}}/role-id
        mv "$vault_tmp/response" "$vault_tmp/role-id"
        vault_api POST auth/{{VaultNames.SystemMount}}/role/{{VaultNames.Deployer}}/secret-id
        mv "$vault_tmp/response" "$vault_tmp/secret-id"
        jq -c -n --slurpfile role "$vault_tmp/role-id" --slurpfile secret "$vault_tmp/secret-id" \
          '{role_id: $role[0].data.role_id, secret_id: $secret[0].data.secret_id}' > "$vault_tmp/deployer"
        # Proven before it is handed over: a login, and that token revoked again.
        rm -f "$vault_tmp/token"
        vault_api POST auth/{{VaultNames.SystemMount}}/login "$vault_tmp/deployer"
        jq -r '"X-Vault-Token: " + .auth.client_token' "$vault_tmp/response" > "$vault_tmp/token"
        vault_api POST auth/token/revoke-self
        rm -f "$vault_tmp/token"
        cat "$vault_tmp/deployer"
        """, [VaultApi.InitInput]);

    /// <summary>
    /// Revokes the initial root token (seeds/001 "Root token revoked after setup") and succeeds only when
    /// Vault, unsealed, confirms it: a lookup with the token answers 403. Sealed or unreachable is a failure,
    /// never "already revoked".
    /// </summary>
    public static string RevokeRoot(VaultTarget t) =>
        Shell.Script("Revokes the initial root token, and proves it (lookup-self answers 403).", $"""
        {VaultApi.Client(t)}
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
        """, [VaultApi.InitInput]);

    /// <summary>
    /// As the deployer: an AppRole role per app on the apps mount, named after the app, with the app policy
    /// and TTLs (<see cref="VaultNames.AppRoleSettings"/>); certbot's policy and role (seeds/001: read-only on its
    /// path, TTL 5m, max 10m). The role of an app no longer configured goes (its KV data stays: deleting secrets is
    /// the operators' decision). Every value written is one the deployer policy pins: Vault refuses any other.
    /// </summary>
    public static string Configure(VaultTarget t, IReadOnlyList<string> apps)
    {
        var lines = new List<string>();
        void Write(string name, string method, string path, object body)
        {
            lines.Add(Body(name, body));
            lines.Add($"vault_write {method} {Shell.Quote(path)} \"$vault_tmp/{name}\"");
        }
        foreach (var app in apps)
            Write("role", "POST", $"auth/{VaultNames.AppsMount}/role/{app}", VaultNames.AppRoleSettings);
        Write("policy", "PUT", $"sys/policies/acl/{VaultNames.CertbotRole}", JsonText.Object(("policy", VaultNames.CertbotPolicy)));
        Write("role", "POST", $"auth/{VaultNames.SystemMount}/role/{VaultNames.CertbotRole}", VaultNames.CertbotRoleSettings);
        var keep = JsonText.Of(apps);
        return Shell.Script("AppRole roles of the apps and certbot's policy and role, as the deployer; removed apps' roles go.", $$"""
            {{VaultApi.Client(t)}}
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
            {{string.Join("\n", lines)}}
            echo {{Shell.Quote(keep)}} > "$vault_tmp/keep"
            # LIST answers 404 when there is nothing to list (Vault API docs, "LIST").
            vault_call GET "auth/{{VaultNames.AppsMount}}/role?list=true"
            if [ "$vault_status" = 200 ]; then
              jq -r --slurpfile keep "$vault_tmp/keep" '.data.keys[] | select(. as $k | $keep[0] | index($k) | not)' "$vault_tmp/response" > "$vault_tmp/stale"
              while read -r stale; do
                vault_api DELETE "auth/{{VaultNames.AppsMount}}/role/$stale"
                echo "removed the role of $stale"
              done < "$vault_tmp/stale"
            elif [ "$vault_status" != 404 ]; then
              vault_fail "LIST auth/{{VaultNames.AppsMount}}/role"
              exit 1
            fi
            echo "Vault roles configured"
            """, [VaultApi.DeployerInput]);
    }

    /// <summary>
    /// As the deployer, writes the configured fields of one KV v2 secret: each value goes from standard
    /// input to a private file, and jq reads it with --rawfile. A new secret is created (POST); an existing
    /// one is patched (JSON merge patch, Vault API docs "KV v2: patch secret"), so fields operators added by
    /// hand (seeds/001's NATS seeds) stay; unchanged values write no new version.
    /// <paramref name="fields"/>: field name → input name.
    /// </summary>
    public static string WriteSecret(VaultTarget t, string path, IReadOnlyDictionary<string, string> fields)
    {
        var files = fields.Select((f, i) => (Field: f.Key, Input: f.Value, Var: $"f{i}")).ToList();
        var data = "{" + string.Join(", ", files.Select(f => $"{JsonText.Of(f.Field)}: ${f.Var}")) + "}";
        var url = $"{VaultNames.KvMount}/data/{path}";
        return Shell.Script($"Writes {VaultNames.KvMount}/{path} from its secret inputs, as the deployer.", $$"""
            {{VaultApi.Client(t)}}
            vault_require_unsealed
            vault_login_deployer
            {{string.Join("\n", files.Select(f => $"printf '%s' \"${{{f.Input}:?}}\" > \"$vault_tmp/{f.Var}\""))}}
            jq -n {{string.Join(" ", files.Select(f => $"--rawfile {f.Var} \"$vault_tmp/{f.Var}\""))}} '{data: {{data}}}' > "$vault_tmp/secret"
            vault_call GET {{Shell.Quote(url)}}
            if [ "$vault_status" = 200 ]; then
              if jq -e --slurpfile new "$vault_tmp/secret" '.data.data as $old | $new[0].data | to_entries | all(.value == $old[.key])' "$vault_tmp/response" >/dev/null; then
                echo "{{VaultNames.KvMount}}/{{path}} unchanged"
                exit 0
              fi
              vault_api PATCH {{Shell.Quote(url)}} "$vault_tmp/secret" application/merge-patch+json
            elif [ "$vault_status" = 404 ]; then
              vault_api POST {{Shell.Quote(url)}} "$vault_tmp/secret"
            else
              vault_fail "GET {{url}}"
              exit 1
            fi
            echo "wrote {{VaultNames.KvMount}}/{{path}} (version $(jq -r '.data.version' "$vault_tmp/response"))"
            """, [VaultApi.DeployerInput, .. fields.Values]);
    }

    /// <summary>
    /// As the deployer, each role's role-id and a valid secret-id as root-only 0400 files (seeds/001): the apps'
    /// and certbot's in <see cref="VaultTarget.CredentialsDir"/>, the backup timer's in its own folder. Each file is
    /// written to a temporary name and renamed, so a failure half-way never leaves an empty or partial file; an
    /// existing secret-id is kept only while Vault still knows it. Files of removed app roles go.
    /// </summary>
    public static string AppRoleFiles(VaultTarget t, IReadOnlyList<VaultRoleFiles> roles) =>
        Shell.Script("AppRole credentials as 0400 files, renewed when missing or invalid, as the deployer.", $$"""
        {{VaultApi.Client(t)}}
        vault_require_unsealed
        vault_login_deployer
        dir={{Shell.Quote(VaultTarget.CredentialsDir)}}
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
        # Each entry: the role's path, then the files' common path.
        {{Shell.Array("roles", roles.Select(r => $"{r.RolePath}|{r.Files}"))}}
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
        for file in "$dir"/{{VaultNames.AppFilePrefix}}*-role-id; do
          [ -e "$file" ] || continue
          files=${file%-role-id}
          if ! printf '%s\n' "${roles[@]#*|}" | grep -qxF -- "$files"; then
            rm -f "$files-role-id" "$files-secret-id"
            echo "removed the credentials $files-role-id and -secret-id"
          fi
        done
        cp {{Shell.Quote(VaultTarget.CaCert)}} "$vault_tmp/file"
        chmod 0644 "$vault_tmp/file"
        if ! cmp -s "$vault_tmp/file" "$dir/vault-ca.crt"; then mv -f "$vault_tmp/file" "$dir/vault-ca.crt"; fi
        echo "AppRole credentials in place"
        """, [VaultApi.DeployerInput]);

    /// <summary>Writes a JSON request body to a private file, by a quoted heredoc: nothing in it is expanded.</summary>
    private static string Body(string name, object value) =>
        $"cat > \"$vault_tmp/{name}\" <<'JSON'\n{JsonText.Of(value)}\nJSON";

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}

using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// The Vault bootstrap of seeds/002 as idempotent steps: TLS, install, init (only when uninitialised),
/// unseal, KV v2 + AppRole + policies + roles, secrets, AppRole credential files, root token revoked.
/// Secrets reach the scripts only as inputs on standard input (<see cref="ScriptInputs"/>), kept secret by Pulumi.
/// </summary>
public static class VaultScripts
{
    public const int Port = 8200;
    public const string ConfigDir = "/etc/vault.d";
    public const string TlsDir = "/etc/vault.d/tls";
    public const string CaCertPath = "/etc/vault.d/tls/ca.crt";
    public const string CredentialsDir = "/opt/platform/secrets";
    public const string KvMount = "secret";
    public const string CertbotRole = "certbot-nats";
    public const string CertbotSecretPath = "infra/certbot/cloudflare";

    /// <summary>The input holding <c>vault operator init -format=json</c>'s output.</summary>
    public const string InitJsonVariable = "VAULT_INIT_JSON";

    /// <summary>Every step talks to Vault over TLS, verified against its own CA (rule 6).</summary>
    private static string Client(string address) => $"""
        export VAULT_ADDR={Shell.Quote($"https://{address}:{Port}")}
        export VAULT_CACERT={CaCertPath}
        """;

    /// <summary>Reads the root token from the init output (only the first run has one).</summary>
    private const string RootToken = """
        root_token=$(printf '%s' "${VAULT_INIT_JSON:-}" | jq -r '.root_token // empty' 2>/dev/null || true)
        if [ -z "$root_token" ]; then
          echo "Vault was bootstrapped by an earlier run and its root token is revoked: nothing here can change it." >&2
          echo "To change Vault's setup, an operator generates a short-lived root token (vault operator generate-root)." >&2
          exit 1
        fi
        export VAULT_TOKEN="$root_token"
        """;

    public static string Tls(string address) => Shell.Script("Vault TLS: a private CA and a server certificate for the private address. Prints the CA certificate.", $"""
        mkdir -p {TlsDir}
        cd {TlsDir}
        if [ ! -f vault.crt ]; then
          umask 077
          openssl req -x509 -newkey rsa:4096 -sha256 -days 3650 -nodes -subj '/CN=platform-vault-ca' -keyout ca.key -out ca.crt
          openssl req -newkey rsa:4096 -sha256 -nodes -subj '/CN=vault' -keyout vault.key -out vault.csr
          printf 'subjectAltName=IP:{address},IP:127.0.0.1,DNS:localhost\n' > san.ext
          openssl x509 -req -in vault.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 -extfile san.ext -out vault.crt
          rm -f vault.csr san.ext
          chmod 644 ca.crt vault.crt
        fi
        cat ca.crt
        """);

    public static string Install(string version, string address) => Shell.Script($"Installs Vault {version} with a TLS listener on {address}: idempotent.", $$"""
        export DEBIAN_FRONTEND=noninteractive
        version={{Shell.Quote(version)}}
        if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
        # jq is what every later step reads Vault's JSON with.
        if ! command -v jq >/dev/null 2>&1 || ! command -v gpg >/dev/null 2>&1; then
          apt-get -o DPkg::Lock::Timeout=300 update -q
          apt-get -o DPkg::Lock::Timeout=300 install -y -q gpg jq curl
        fi
        if ! command -v vault >/dev/null 2>&1 || ! vault version | grep -qF "v$version"; then
          curl -fsSL https://apt.releases.hashicorp.com/gpg | gpg --dearmor --yes -o /usr/share/keyrings/hashicorp.gpg
          codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
          echo "deb [signed-by=/usr/share/keyrings/hashicorp.gpg] https://apt.releases.hashicorp.com $codename main" > /etc/apt/sources.list.d/hashicorp.list
          apt-get -o DPkg::Lock::Timeout=300 update -q
          apt-get -o DPkg::Lock::Timeout=300 install -y -q "vault=${version}-1"
          apt-mark hold vault
        fi
        chown -R vault:vault {{TlsDir}}
        cat > {{ConfigDir}}/vault.hcl <<'HCL'
        ui = false
        disable_mlock = true
        api_addr = "https://{{address}}:{{Port}}"
        cluster_addr = "https://{{address}}:8201"
        storage "raft" {
          path    = "/opt/vault/data"
          node_id = "vault-1"
        }
        listener "tcp" {
          address       = "{{address}}:{{Port}}"
          tls_cert_file = "{{TlsDir}}/vault.crt"
          tls_key_file  = "{{TlsDir}}/vault.key"
        }
        listener "tcp" {
          address       = "127.0.0.1:{{Port}}"
          tls_cert_file = "{{TlsDir}}/vault.crt"
          tls_key_file  = "{{TlsDir}}/vault.key"
        }
        HCL
        mkdir -p /opt/vault/data
        chown -R vault:vault /opt/vault/data
        systemctl enable vault
        systemctl restart vault
        for _ in $(seq 1 30); do
          if curl -s --cacert {{CaCertPath}} -o /dev/null "https://{{address}}:{{Port}}/v1/sys/health"; then exit 0; fi
          sleep 1
        done
        echo "Vault did not answer on {{address}}:{{Port}} within 30 s: journalctl -u vault" >&2
        exit 1
        """);

    /// <summary>Initialises Vault only when it is not: prints the init JSON (stdout is secret), or nothing.</summary>
    public static string Init(string address, int shares, int threshold, IReadOnlyList<string> pgpKeys) => Shell.Script("vault operator init, only when Vault is uninitialised.", $"""
        {Client(address)}
        if [ "$(vault status -format=json | jq -r '.initialized')" = "true" ]; then
          echo "Vault is already initialised" >&2
          exit 0
        fi
        vault operator init -format=json -key-shares={shares} -key-threshold={threshold}{(pgpKeys.Count > 0 ? " -pgp-keys=" + Shell.Quote(string.Join(",", pgpKeys)) : "")}
        """);

    /// <summary>
    /// Unseals with the shares of the init output when Pulumi holds them in clear (no PGP keys). With PGP
    /// keys the shares are encrypted for the operators: then unsealing is theirs, and this step says so.
    /// </summary>
    public static string Unseal(string address, int threshold, bool sharesEncrypted, string version) => Shell.Script($"Unseals Vault with {threshold} shares when it is sealed.", $$"""
        # Vault {{version}}: a new version restarts Vault sealed, and this line changing makes the step run again.
        {{Client(address)}}
        if [ "$(vault status -format=json | jq -r '.sealed')" = "false" ]; then
          echo "Vault is unsealed"
          exit 0
        fi
        if {{(sharesEncrypted ? "true" : "[ -z \"${VAULT_INIT_JSON:-}\" ]")}}; then
          echo "Vault is sealed and its shares are with the operators: {{threshold}} of them run 'vault operator unseal', then re-run pulumi up." >&2
          exit 1
        fi
        for i in $(seq 0 {{threshold - 1}}); do
          printf '%s' "$VAULT_INIT_JSON" | jq -r ".unseal_keys_b64[$i]" | vault operator unseal - >/dev/null
        done
        echo "Vault unsealed"
        """, [InitJsonVariable]);

    /// <summary>KV v2 at secret/, AppRole auth, one read-only policy and role per app, and certbot's (seeds/001).</summary>
    public static string Configure(string address, IReadOnlyList<string> apps) => Shell.Script("KV v2, AppRole, policies and roles: each only when missing.", $$"""
        {{Client(address)}}
        {{RootToken}}
        vault secrets list -format=json | jq -e '."{{KvMount}}/"' >/dev/null || vault secrets enable -path={{KvMount}} -version=2 kv
        vault auth list -format=json | jq -e '."approle/"' >/dev/null || vault auth enable approle
        {{Shell.Array("apps", apps)}}
        for app in "${apps[@]}"; do
          printf 'path "{{KvMount}}/data/%s/*" {\n  capabilities = ["read"]\n}\n' "$app" | vault policy write "$app" -
          vault write "auth/approle/role/$app" token_policies="$app" token_ttl=1h token_max_ttl=4h secret_id_num_uses=0
        done
        printf 'path "{{KvMount}}/data/{{CertbotSecretPath}}" {\n  capabilities = ["read"]\n}\n' | vault policy write {{CertbotRole}} -
        vault write auth/approle/role/{{CertbotRole}} token_policies={{CertbotRole}} token_ttl=5m token_max_ttl=10m
        echo "Vault configured"
        """, [InitJsonVariable]);

    /// <summary>
    /// Writes one KV v2 secret from the script's inputs through the HTTP API, so that no value is ever on a
    /// command line (visible in ps) or in a log. <paramref name="fields"/>: field name → input name.
    /// </summary>
    public static string WriteSecret(string address, string path, IReadOnlyDictionary<string, string> fields) => Shell.Script($"Writes {KvMount}/{path} from its secret inputs.", $$"""
        {{Client(address)}}
        {{RootToken}}
        umask 077
        header=$(mktemp)
        trap 'rm -f "$header"' EXIT
        printf 'X-Vault-Token: %s\n' "$VAULT_TOKEN" > "$header"
        jq -n {{string.Join(" ", fields.Select(f => $"--arg {Shell.Quote(f.Key)} \"${{{f.Value}:?}}\""))}} '{data: $ARGS.named}' |
          curl -sf --cacert "$VAULT_CACERT" -H @"$header" -X POST --data @- "$VAULT_ADDR/v1/{{KvMount}}/data/{{path}}" >/dev/null
        echo "wrote {{KvMount}}/{{path}}"
        """, [InitJsonVariable, .. fields.Values]);

    /// <summary>Delivers each role's role-id and secret-id as root-only 0400 files (seeds/001), once.</summary>
    public static string AppRoleFiles(string address, IReadOnlyList<string> roles) => Shell.Script("AppRole credentials as 0400 files, only when missing.", $$"""
        {{Client(address)}}
        {{RootToken}}
        umask 077
        mkdir -p {{CredentialsDir}}
        {{Shell.Array("roles", roles)}}
        for role in "${roles[@]}"; do
          if [ ! -f "{{CredentialsDir}}/$role-role-id" ]; then
            vault read -field=role_id "auth/approle/role/$role/role-id" > "{{CredentialsDir}}/$role-role-id"
            vault write -f -field=secret_id "auth/approle/role/$role/secret-id" > "{{CredentialsDir}}/$role-secret-id"
          fi
          chmod 0400 "{{CredentialsDir}}/$role-role-id" "{{CredentialsDir}}/$role-secret-id"
          chown root:root "{{CredentialsDir}}/$role-role-id" "{{CredentialsDir}}/$role-secret-id"
        done
        cp {{CaCertPath}} {{CredentialsDir}}/vault-ca.crt
        echo "AppRole credentials in {{CredentialsDir}}"
        """, [InitJsonVariable]);

    /// <summary>Revokes the root token last (seeds/001 "Root token revoked after setup"); a no-op when already revoked.</summary>
    public static string RevokeRoot(string address) => Shell.Script("Revokes the initial root token: the last step.", $$"""
        {{Client(address)}}
        root_token=$(printf '%s' "${VAULT_INIT_JSON:-}" | jq -r '.root_token // empty' 2>/dev/null || true)
        if [ -z "$root_token" ] || ! VAULT_TOKEN="$root_token" vault token lookup >/dev/null 2>&1; then
          echo "no root token to revoke"
          exit 0
        fi
        VAULT_TOKEN="$root_token" vault token revoke -self
        echo "root token revoked"
        """, [InitJsonVariable]);
}

using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// The Vault bootstrap of docs/sources/hoodcloud-two-server-deployment.txt through Vault's HTTP API (<see cref="VaultApi"/>): init once, unseal,
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
    /// time: that fails, because succeeding would replace the stored answer with nothing (<c>Vault/Scripts/init.sh</c>).
    /// Placeholder PGP keys (<see cref="PgpKeys.IsPlaceholder"/>) would make Vault's only shares undecryptable:
    /// validate says so as a notice, and the step stops before it touches Vault.
    /// </summary>
    public static string Init(VaultTarget t, int shares, int threshold, IReadOnlyList<string> pgpKeys) => new ShellScript()
        .Set("init_body", JsonText.Of(InitBody(shares, threshold, pgpKeys)))
        .Set("placeholder_keys", string.Join(", ", PgpKeys.Placeholders(pgpKeys).Select(p => $"pgpKeys[{p.Index}]")))
        .VaultClient(t)
        .Part("Vault/Scripts/init.sh")
        .Script("Initialises Vault once (PUT sys/init); prints its answer, which only Pulumi's state keeps.");

    public static object InitBody(int shares, int threshold, IReadOnlyList<string> pgpKeys) => pgpKeys.Count > 0
        ? JsonText.Object(("secret_shares", shares), ("secret_threshold", threshold), ("pgp_keys", pgpKeys))
        : JsonText.Object(("secret_shares", shares), ("secret_threshold", threshold));

    /// <summary>
    /// Unseals through <c>PUT sys/unseal</c> with a JSON body built from standard input (<c>Vault/Scripts/unseal.sh</c>).
    /// With PGP-encrypted shares unsealing is the operators' (README, Vault), and this step says so
    /// (<c>unseal-by-operators.sh</c>); it then reads no input, and <see cref="Unsealing.Inputs"/> sends it none.
    /// <paramref name="installScript"/>: a change to the install step may restart Vault sealed, so its hash is part of
    /// this script and this step runs again after it.
    /// </summary>
    public static string Unseal(VaultTarget t, int threshold, Unsealing unsealing, string installScript) => new ShellScript()
        .Comment($"After the install step {Sha256(installScript)}: a new version or config restarts Vault sealed.")
        .Set("threshold", threshold)
        .VaultClient(t)
        .Part("Vault/Scripts/seal-status.sh")
        .Part(unsealing.ByOperators ? "Vault/Scripts/unseal-by-operators.sh" : "Vault/Scripts/unseal.sh")
        .Script($"Unseals Vault with {threshold} shares (PUT sys/unseal) when it is sealed.", [.. unsealing.Inputs.Keys]);

    /// <summary>
    /// With the root token, once: KV v2 at <c>secret/</c>, the AppRole mounts (the platform's own and the apps'),
    /// the policies only root writes (the deployer's, the templated app policy with the apps mount's accessor,
    /// the backup timer's snapshot policy), the backup timer's role, and the deployer identity (an AppRole role
    /// with <see cref="VaultNames.DeployerPolicy"/>), proven by a login before it is handed over. Prints
    /// <c>{"role_id","secret_id"}</c>, the deployer's credentials, last (<c>Vault/Scripts/deployer.sh</c>).
    /// </summary>
    public static string Deployer(VaultTarget t) => new ShellScript()
        .Set("kv_mount", VaultNames.KvMount)
        .Set("apps_mount", VaultNames.AppsMount)
        .Set("app_policy_name", VaultNames.AppPolicyName)
        .Set("backup_identity", VaultNames.Backup)
        .Set("deployer_identity", VaultNames.Deployer)
        .Set("accessor_placeholder", VaultNames.AccessorPlaceholder)
        .Set("mount_body", JsonText.Of(JsonText.Object(("type", "kv"), ("options", JsonText.Object(("version", "2"))))))
        .Set("auth_body", JsonText.Of(JsonText.Object(("type", "approle"))))
        .Set("app_policy_body", JsonText.Of(JsonText.Object(("policy", VaultNames.AppPolicyTemplate))))
        .Set("backup_policy_body", JsonText.Of(JsonText.Object(("policy", VaultNames.BackupPolicy))))
        .Set("backup_role_body", JsonText.Of(VaultNames.BackupRoleSettings))
        .Set("deployer_policy_body", JsonText.Of(JsonText.Object(("policy", VaultNames.DeployerPolicy))))
        .Set("deployer_role_body", JsonText.Of(JsonText.Object(("token_policies", VaultNames.Deployer), ("token_ttl", "15m"), ("token_max_ttl", "1h"), ("secret_id_num_uses", 0), ("secret_id_ttl", "0"))))
        .VaultClient(t)
        .Part("Vault/Scripts/deployer.sh")
        .Script("Creates the least-privilege deployer identity with the root token; prints its AppRole credentials.", [VaultApi.InitInput]);

    /// <summary>
    /// Revokes the initial root token (docs/sources/hoodcloud-production-checklist.txt "Root token revoked after setup") and succeeds only when
    /// Vault, unsealed, confirms it: a lookup with the token answers 403. Sealed or unreachable is a failure,
    /// never "already revoked" (<c>Vault/Scripts/revoke-root.sh</c>).
    /// </summary>
    public static string RevokeRoot(VaultTarget t) => new ShellScript()
        .VaultClient(t)
        .Part("Vault/Scripts/revoke-root.sh")
        .Script("Revokes the initial root token, and proves it (lookup-self answers 403).", [VaultApi.InitInput]);

    /// <summary>
    /// As the deployer: an AppRole role per app on the apps mount, named after the app, with the app policy
    /// and TTLs (<see cref="VaultNames.AppRoleSettings"/>); certbot's policy and role (docs/sources/hoodcloud-production-checklist.txt: read-only on its
    /// path, TTL 5m, max 10m). The role of an app no longer configured goes (its KV data stays: deleting secrets is
    /// the operators' decision). Every value written is one the deployer policy pins: Vault refuses any other
    /// (<c>Vault/Scripts/configure.sh</c>).
    /// </summary>
    public static string Configure(VaultTarget t, IReadOnlyList<string> apps) => new ShellScript()
        .Array("apps", apps)
        .Set("apps_mount", VaultNames.AppsMount)
        .Set("certbot_role", VaultNames.CertbotRole)
        .Set("app_role_body", JsonText.Of(VaultNames.AppRoleSettings))
        .Set("certbot_policy_body", JsonText.Of(JsonText.Object(("policy", VaultNames.CertbotPolicy))))
        .Set("certbot_role_body", JsonText.Of(VaultNames.CertbotRoleSettings))
        .VaultClient(t)
        .Part("Vault/Scripts/configure.sh")
        .Script("AppRole roles of the apps and certbot's policy and role, as the deployer; removed apps' roles go.", [VaultApi.DeployerInput]);

    /// <summary>
    /// As the deployer, writes the configured fields of one KV v2 secret: each value goes from standard
    /// input to a private file, and jq reads it with --rawfile. A new secret is created (POST); an existing
    /// one is patched (JSON merge patch, Vault API docs "KV v2: patch secret"), so fields operators added by
    /// hand (the NATS seeds of docs/sources/hoodcloud-production-checklist.txt) stay; unchanged values write no new version (<c>Vault/Scripts/secret.sh</c>).
    /// <paramref name="fields"/>: field name → input name.
    /// </summary>
    public static string WriteSecret(VaultTarget t, string path, IReadOnlyDictionary<string, string> fields) => new ShellScript()
        .Set("kv_mount", VaultNames.KvMount)
        .Set("secret_path", path)
        .Array("secret_fields", fields.Keys)
        .Array("secret_inputs", fields.Values)
        .VaultClient(t)
        .Part("Vault/Scripts/secret.sh")
        .Script($"Writes {VaultNames.KvMount}/{path} from its secret inputs, as the deployer.", [VaultApi.DeployerInput, .. fields.Values]);

    /// <summary>
    /// As the deployer, each role's role-id and a valid secret-id as root-only 0400 files (docs/sources/hoodcloud-production-checklist.txt): the apps'
    /// and certbot's in <see cref="VaultTarget.CredentialsDir"/>, the backup timer's in its own folder. Each file is
    /// written to a temporary name and renamed, so a failure half-way never leaves an empty or partial file; an
    /// existing secret-id is kept only while Vault still knows it. Files of removed app roles go
    /// (<c>Vault/Scripts/approle-files.sh</c>).
    /// </summary>
    public static string AppRoleFiles(VaultTarget t, IReadOnlyList<VaultRoleFiles> roles) => new ShellScript()
        .Set("dir", VaultTarget.CredentialsDir)
        .Array("roles", roles.Select(r => $"{r.RolePath}|{r.Files}"))
        .Set("app_file_prefix", VaultNames.AppFilePrefix)
        .Set("ca_cert", VaultTarget.CaCert)
        .VaultClient(t)
        .Part("Vault/Scripts/approle-files.sh")
        .Script("AppRole credentials as 0400 files, renewed when missing or invalid, as the deployer.", [VaultApi.DeployerInput]);

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}

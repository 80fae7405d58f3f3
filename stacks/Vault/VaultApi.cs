using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// The bash client every step after install uses (<c>Vault/Scripts/client.sh</c>): Vault's HTTP API through curl,
/// TLS verified against Vault's own CA. Tokens and request bodies live only in files of a private temporary
/// directory (mode 0700), passed to curl as <c>@file</c>; no secret is ever an argument of a process (<c>ps</c>
/// shows arguments to every user of the host), and jq reads secrets from files or standard input only. Error lines
/// name the method, the path, the HTTP status and Vault's own <c>errors</c>, which never echo a request body.
/// </summary>
public static class VaultApi
{
    /// <summary>The input holding the init step's output: Vault's <c>PUT sys/init</c> answer (client.sh's <c>vault_use_root</c> reads it).</summary>
    public const string InitInput = "VAULT_INIT_JSON";

    /// <summary>The input holding the deployer identity: <c>{"role_id": …, "secret_id": …}</c> (client.sh's <c>vault_login_deployer</c> reads it).</summary>
    public const string DeployerInput = "VAULT_DEPLOYER_JSON";

    /// <summary>The client's header (Vault's address, its CA, the platform's AppRole mount) and the client, as the next part.</summary>
    public static ShellScript VaultClient(this ShellScript script, VaultTarget target) => script
        .Set("vault_addr", target.Url)
        .Set("vault_ca", VaultTarget.CaCert)
        .Set("system_mount", VaultNames.SystemMount)
        .Part("Vault/Scripts/client.sh");
}

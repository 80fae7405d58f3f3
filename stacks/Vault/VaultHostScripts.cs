using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// The host side of Vault: its TLS material (a private CA, and a server certificate a daily timer renews
/// before it expires) and the pinned package with its configuration. Both are idempotent: a second run
/// changes nothing, and Vault is restarted (which seals it) only when its package or configuration changed.
/// </summary>
public static class VaultHostScripts
{
    /// <summary>Renew the server certificate when it expires within this many days (it lives 825).</summary>
    public const int RenewBeforeDays = 30;
    public const int ServerCertificateDays = 825;

    /// <summary>The CA (ten years) once; the server certificate through the renewal script, now and daily. Prints the CA certificate (<c>Vault/Scripts/tls.sh</c>).</summary>
    public static string Tls(VaultTarget t) => new ShellScript()
        .Set("config_dir", VaultTarget.ConfigDir)
        .Set("tls_dir", VaultTarget.TlsDir)
        .Set("systemd_dir", VaultTarget.SystemdDir)
        .Set("renew_script", VaultTarget.RenewScript)
        .Document("renewal", "RENEW", Renewal(t))
        .Part("Vault/Scripts/tls.sh")
        .Script("Vault TLS: a private CA, and a server certificate for the private address renewed daily before it expires. Prints the CA certificate.");

    /// <summary>
    /// The renewal the timer runs (<c>Vault/Scripts/renew.sh</c>): a new server certificate from the same CA when the
    /// current one is missing, expires within <see cref="RenewBeforeDays"/> days or does not name the address; clients
    /// pin the CA, so they need nothing. Vault re-reads its certificate on SIGHUP (the package's unit: ExecReload sends
    /// HUP; Vault docs, "listener tcp": "SIGHUP ... reload the TLS certificate").
    /// </summary>
    public static string Renewal(VaultTarget t) => new ShellScript()
        .Set("tls_dir", VaultTarget.TlsDir)
        .Set("address", t.Address)
        .Set("renew_before_seconds", RenewBeforeDays * 86400)
        .Set("certificate_days", ServerCertificateDays)
        .Part("Vault/Scripts/renew.sh")
        .Installed($"Renews Vault's server certificate {RenewBeforeDays} days before it expires. Installed by the vault-tls step.");

    /// <summary>
    /// The pinned package, held so that no unattended upgrade restarts Vault (sealed); a version change in
    /// config is the deliberate change, and apt refuses to change a held package without
    /// <c>--allow-change-held-packages</c>. Vault restarts only when the package or its config changed
    /// (<c>Vault/Scripts/install.sh</c>).
    /// </summary>
    public static string Install(string version, VaultTarget t) => new ShellScript()
        .Set("version", version)
        .Set("apt_keyring", VaultTarget.AptKeyring)
        .Set("apt_source", VaultTarget.AptSource)
        .Set("config_dir", VaultTarget.ConfigDir)
        .Set("data_dir", VaultTarget.DataDir)
        .Set("tls_dir", VaultTarget.TlsDir)
        .Set("vault_url", t.Url)
        .Set("address", t.Address)
        .Set("port", t.Port)
        .Set("cluster_port", t.Port + 1)
        .Part("Vault/Scripts/install.sh")
        .Script($"Installs Vault {version} with a TLS listener on {t.Address}: idempotent.");
}

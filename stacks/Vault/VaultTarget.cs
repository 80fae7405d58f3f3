namespace Platform.Stacks.Vault;

/// <summary>
/// Where the Vault scripts find Vault: the host's private address, on <see cref="DefaultPort"/>. TLS is
/// verified against the CA in <see cref="CaCert"/>: no script has a way to skip verification (rule vault-tls-verified).
/// The files' places on the host are constants here, one place each.
/// </summary>
public sealed record VaultTarget(string Address, int Port = VaultTarget.DefaultPort)
{
    public const int DefaultPort = 8200;
    public const string ConfigDir = "/etc/vault.d";
    public const string TlsDir = "/etc/vault.d/tls";
    public const string CaCert = "/etc/vault.d/tls/ca.crt";
    public const string DataDir = "/opt/vault/data";

    /// <summary>
    /// AppRole credential files and the CA copy for consumers (docs/sources/hoodcloud-production-checklist.txt:
    /// /opt/&lt;platform&gt;/secrets).
    /// </summary>
    public const string CredentialsDir = "/opt/platform/secrets";

    /// <summary>The backup timer's AppRole credentials (<c>-role-id</c>, <c>-secret-id</c>): root-only, apart from the apps'.</summary>
    public const string BackupCredentials = "/etc/platform/backup/vault";

    public const string RenewScript = "/usr/local/sbin/vault-tls-renew";
    public const string SystemdDir = "/etc/systemd/system";

    /// <summary>Locally managed apt keys belong in /etc/apt/keyrings (sources.list(5), "signed-by").</summary>
    public const string AptKeyring = "/etc/apt/keyrings/hashicorp.gpg";
    public const string AptSource = "/etc/apt/sources.list.d/hashicorp.list";

    public string Url => $"https://{Address}:{Port}";
}

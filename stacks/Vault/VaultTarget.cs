namespace Platform.Stacks.Vault;

/// <summary>
/// Where the Vault scripts find Vault and write their files. The plan's target is the host's private
/// address on <see cref="DefaultPort"/> with files under the host's own root; tests point the same
/// scripts at a loopback fake and a scratch directory. TLS is verified against the CA in
/// <see cref="CaCert"/> either way: no script has a way to skip verification (rule 6).
/// </summary>
public sealed record VaultTarget(string Address, int Port = VaultTarget.DefaultPort, string Root = "")
{
    public const int DefaultPort = 8200;

    public string Url => $"https://{Address}:{Port}";
    public string ConfigDir => $"{Root}/etc/vault.d";
    public string TlsDir => $"{ConfigDir}/tls";
    public string CaCert => $"{TlsDir}/ca.crt";
    public string DataDir => $"{Root}/opt/vault/data";

    /// <summary>AppRole credential files and the CA copy for consumers (seeds/001: /opt/&lt;platform&gt;/secrets).</summary>
    public string CredentialsDir => $"{Root}/opt/platform/secrets";

    public string RenewScript => $"{Root}/usr/local/sbin/vault-tls-renew";
    public string SystemdDir => $"{Root}/etc/systemd/system";
    public string AptKeyring => $"{Root}/usr/share/keyrings/hashicorp.gpg";
    public string AptSource => $"{Root}/etc/apt/sources.list.d/hashicorp.list";
}

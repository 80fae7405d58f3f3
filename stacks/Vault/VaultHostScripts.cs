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

    /// <summary>The CA (ten years) once; the server certificate through the renewal script, now and daily. Prints the CA certificate.</summary>
    public static string Tls(VaultTarget t) => Shell.Script("Vault TLS: a private CA, and a server certificate for the private address renewed daily before it expires. Prints the CA certificate.", $$"""
        umask 077
        mkdir -p {{Shell.Quote(VaultTarget.TlsDir)}} "$(dirname {{Shell.Quote(VaultTarget.RenewScript)}})" {{Shell.Quote(VaultTarget.SystemdDir)}}
        # Vault (user vault) reads its certificate and key here; the CA key stays root's (0600).
        chmod 0755 {{Shell.Quote(VaultTarget.ConfigDir)}} {{Shell.Quote(VaultTarget.TlsDir)}}
        cd {{Shell.Quote(VaultTarget.TlsDir)}}
        if [ ! -s ca.crt ] || [ ! -s ca.key ]; then
          openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -sha384 -days 3650 -nodes -subj '/CN=platform-vault-ca' -keyout ca.key.new -out ca.crt.new 2>/dev/null
          mv -f ca.key.new ca.key
          chmod 644 ca.crt.new
          mv -f ca.crt.new ca.crt
        fi
        write_if_changed() {
          local target=$1 mode=$2
          cat > "$target.new"
          chmod "$mode" "$target.new"
          if cmp -s "$target.new" "$target"; then rm -f "$target.new"; else mv -f "$target.new" "$target"; fi
        }
        write_if_changed {{Shell.Quote(VaultTarget.RenewScript)}} 0700 <<'RENEW'
        {{Renewal(t).TrimEnd()}}
        RENEW
        write_if_changed {{Shell.Quote(VaultTarget.SystemdDir + "/vault-tls-renew.service")}} 0644 <<'UNIT'
        [Unit]
        Description=Renew Vault's server certificate before it expires
        [Service]
        Type=oneshot
        ExecStart={{VaultTarget.RenewScript}}
        UNIT
        write_if_changed {{Shell.Quote(VaultTarget.SystemdDir + "/vault-tls-renew.timer")}} 0644 <<'UNIT'
        [Unit]
        Description=Daily check of Vault's server certificate
        [Timer]
        OnCalendar=daily
        RandomizedDelaySec=1h
        Persistent=true
        [Install]
        WantedBy=timers.target
        UNIT
        # Its report goes to stderr: this step's stdout is the CA certificate alone (the vault:caCertificate output).
        {{Shell.Quote(VaultTarget.RenewScript)}} >&2
        systemctl daemon-reload
        systemctl enable --now vault-tls-renew.timer >/dev/null
        cat ca.crt
        """);

    /// <summary>
    /// The renewal the timer runs: a new server certificate from the same CA when the current one is missing,
    /// expires within <see cref="RenewBeforeDays"/> days or does not name the address; clients pin the CA, so
    /// they need nothing. Vault re-reads its certificate on SIGHUP (the package's unit: ExecReload sends HUP;
    /// Vault docs, "listener tcp": "SIGHUP ... reload the TLS certificate").
    /// </summary>
    public static string Renewal(VaultTarget t) => $$"""
        #!/usr/bin/env bash
        # Renews Vault's server certificate {{RenewBeforeDays}} days before it expires. Installed by the vault-tls step.
        set -euo pipefail
        umask 077
        cd {{Shell.Quote(VaultTarget.TlsDir)}}
        # The names one by one, each compared whole: a certificate for 10.0.1.30 does not name 10.0.1.3.
        names() { openssl x509 -noout -ext subjectAltName -in vault.crt | tail -n +2 | tr ',' '\n' | sed 's/^[[:space:]]*//'; }
        if [ -s vault.crt ] && openssl x509 -checkend {{RenewBeforeDays * 86400}} -noout -in vault.crt >/dev/null \
          && names | grep -qxF {{Shell.Quote("IP Address:" + t.Address)}}; then
          exit 0
        fi
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -subj '/CN=vault' -keyout vault.key.new -out vault.csr 2>/dev/null
        printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:localhost\n' {{Shell.Quote(t.Address)}} > san.ext
        openssl x509 -req -in vault.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days {{ServerCertificateDays}} -sha256 -extfile san.ext -out vault.crt.new 2>/dev/null
        rm -f vault.csr san.ext
        chmod 640 vault.key.new
        chmod 644 vault.crt.new
        if id vault >/dev/null 2>&1; then chown vault:vault vault.key.new vault.crt.new; fi
        # The key first, then the certificate: each rename is atomic, and Vault reads both only on HUP or start.
        mv -f vault.key.new vault.key
        mv -f vault.crt.new vault.crt
        if systemctl is-active --quiet vault; then systemctl reload vault; fi
        echo "Vault's server certificate renewed: valid {{ServerCertificateDays}} days"
        """;

    /// <summary>
    /// The pinned package, held so that no unattended upgrade restarts Vault (sealed); a version change in
    /// config is the deliberate change, and apt refuses to change a held package without
    /// <c>--allow-change-held-packages</c>. Vault restarts only when the package or its config changed.
    /// </summary>
    public static string Install(string version, VaultTarget t) => Shell.Script($"Installs Vault {version} with a TLS listener on {t.Address}: idempotent.", $$"""
        export DEBIAN_FRONTEND=noninteractive
        version={{Shell.Quote(version)}}
        if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
        # jq and curl are what every later step talks to Vault with.
        if ! command -v jq >/dev/null 2>&1 || ! command -v gpg >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
          apt-get -o DPkg::Lock::Timeout=300 update -q
          apt-get -o DPkg::Lock::Timeout=300 install -y -q gpg jq curl
        fi
        changed=false
        if [ "$(dpkg-query -W -f='${Version}' vault 2>/dev/null || true)" != "${version}-1" ]; then
          if [ ! -s {{Shell.Quote(VaultTarget.AptKeyring)}} ]; then
            mkdir -p "$(dirname {{Shell.Quote(VaultTarget.AptKeyring)}})"
            curl -fsSL https://apt.releases.hashicorp.com/gpg | gpg --dearmor --yes -o {{Shell.Quote(VaultTarget.AptKeyring)}}
          fi
          codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
          echo "deb [signed-by={{VaultTarget.AptKeyring}}] https://apt.releases.hashicorp.com $codename main" > {{Shell.Quote(VaultTarget.AptSource)}}
          apt-get -o DPkg::Lock::Timeout=300 update -q
          apt-get -o DPkg::Lock::Timeout=300 install -y -q --allow-change-held-packages "vault=${version}-1"
          apt-mark hold vault >/dev/null
          changed=true
        fi
        mkdir -p {{Shell.Quote(VaultTarget.ConfigDir)}} {{Shell.Quote(VaultTarget.DataDir)}}
        cat > {{Shell.Quote(VaultTarget.ConfigDir + "/vault.hcl.new")}} <<'HCL'
        ui = false
        disable_mlock = true
        api_addr = "{{t.Url}}"
        cluster_addr = "https://{{t.Address}}:{{t.Port + 1}}"
        storage "raft" {
          path    = "{{VaultTarget.DataDir}}"
          node_id = "vault-1"
        }
        listener "tcp" {
          address       = "{{t.Address}}:{{t.Port}}"
          tls_cert_file = "{{VaultTarget.TlsDir}}/vault.crt"
          tls_key_file  = "{{VaultTarget.TlsDir}}/vault.key"
        }
        listener "tcp" {
          address       = "127.0.0.1:{{t.Port}}"
          tls_cert_file = "{{VaultTarget.TlsDir}}/vault.crt"
          tls_key_file  = "{{VaultTarget.TlsDir}}/vault.key"
        }
        HCL
        if cmp -s {{Shell.Quote(VaultTarget.ConfigDir + "/vault.hcl.new")}} {{Shell.Quote(VaultTarget.ConfigDir + "/vault.hcl")}}; then
          rm -f {{Shell.Quote(VaultTarget.ConfigDir + "/vault.hcl.new")}}
        else
          mv -f {{Shell.Quote(VaultTarget.ConfigDir + "/vault.hcl.new")}} {{Shell.Quote(VaultTarget.ConfigDir + "/vault.hcl")}}
          changed=true
        fi
        # Vault's own files only: the CA key in the same folder stays root's.
        chown vault:vault {{Shell.Quote(VaultTarget.TlsDir + "/vault.key")}} {{Shell.Quote(VaultTarget.TlsDir + "/vault.crt")}}
        chown -R vault:vault {{Shell.Quote(VaultTarget.DataDir)}}
        systemctl enable vault >/dev/null
        # A restart seals Vault: only when something changed (the unseal step runs again then: its script names this one's hash).
        if [ "$changed" = true ] || ! systemctl is-active --quiet vault; then
          systemctl restart vault
          echo "Vault $version (re)started"
        else
          echo "Vault $version unchanged"
        fi
        """);
}

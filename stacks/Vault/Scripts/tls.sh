#!/usr/bin/env bash
# vault-tls (stacks/Vault/VaultHostScripts.cs composes it): Vault's TLS material, a private CA (ten years) once, and
# the server certificate through the renewal script, installed here, now and daily by a timer. Idempotent: a second
# run changes nothing. Prints the CA certificate. The header sets the folders, where the renewal script goes and the
# renewal script itself (renew.sh):
# shellcheck disable=SC2164 # a failed cd ends the script: it runs under set -e (its prologue: ShellScript)
declare config_dir tls_dir systemd_dir renew_script renewal

umask 077
mkdir -p "$tls_dir" "$(dirname "$renew_script")" "$systemd_dir"
# Vault (user vault) reads its certificate and key here; the CA key stays root's (0600).
chmod 0755 "$config_dir" "$tls_dir"
cd "$tls_dir"
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
printf '%s\n' "$renewal" | write_if_changed "$renew_script" 0700
write_if_changed "$systemd_dir/vault-tls-renew.service" 0644 <<UNIT
[Unit]
Description=Renew Vault's server certificate before it expires
[Service]
Type=oneshot
ExecStart=$renew_script
UNIT
write_if_changed "$systemd_dir/vault-tls-renew.timer" 0644 <<'UNIT'
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
"$renew_script" >&2
systemctl daemon-reload
systemctl enable --now vault-tls-renew.timer >/dev/null
cat ca.crt

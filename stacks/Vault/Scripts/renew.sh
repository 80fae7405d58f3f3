#!/usr/bin/env bash
# The renewal the vault-tls step installs and its timer runs daily (stacks/Vault/VaultHostScripts.cs composes it): a
# new server certificate from the same CA when the current one is missing, expires within the renewal window or does
# not name the address; clients pin the CA, so they need nothing. Vault re-reads its certificate on SIGHUP (the
# package's unit: ExecReload sends HUP; Vault docs, "listener tcp": "SIGHUP ... reload the TLS certificate"). The
# header sets the folder, Vault's address, the renewal window and how long a certificate lives:
# shellcheck disable=SC2164 # a failed cd ends the script: it runs under set -e (its prologue: ShellScript)
declare tls_dir address renew_before_seconds certificate_days

umask 077
cd "$tls_dir"
# The names one by one, each compared whole: a certificate for 10.0.1.30 does not name 10.0.1.3.
names() { openssl x509 -noout -ext subjectAltName -in vault.crt | tail -n +2 | tr ',' '\n' | sed 's/^[[:space:]]*//'; }
if [ -s vault.crt ] && openssl x509 -checkend "$renew_before_seconds" -noout -in vault.crt >/dev/null \
  && names | grep -qxF "IP Address:$address"; then
  exit 0
fi
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -subj '/CN=vault' -keyout vault.key.new -out vault.csr 2>/dev/null
printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:localhost\n' "$address" > san.ext
openssl x509 -req -in vault.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$certificate_days" -sha256 -extfile san.ext -out vault.crt.new 2>/dev/null
rm -f vault.csr san.ext
chmod 640 vault.key.new
chmod 644 vault.crt.new
if id vault >/dev/null 2>&1; then chown vault:vault vault.key.new vault.crt.new; fi
# The key first, then the certificate: each rename is atomic, and Vault reads both only on HUP or start.
mv -f vault.key.new vault.key
mv -f vault.crt.new vault.crt
if systemctl is-active --quiet vault; then systemctl reload vault; fi
echo "Vault's server certificate renewed: valid $certificate_days days"

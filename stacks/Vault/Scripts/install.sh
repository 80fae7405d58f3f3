#!/usr/bin/env bash
# vault-install (stacks/Vault/VaultHostScripts.cs composes it): the pinned package, held so that no unattended upgrade
# restarts Vault (sealed); a version change in config is the deliberate change, and apt refuses to change a held
# package without --allow-change-held-packages. Vault restarts only when the package or its config changed. The header
# sets the version, HashiCorp's apt key and source, Vault's folders and its address, port and cluster port (each a
# plain address, number or path: nothing in them is HCL syntax):
declare version apt_keyring apt_source config_dir data_dir tls_dir vault_url address port cluster_port

export DEBIAN_FRONTEND=noninteractive
if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
# jq and curl are what every later step talks to Vault with.
if ! command -v jq >/dev/null 2>&1 || ! command -v gpg >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q gpg jq curl
fi
changed=false
if [ "$(dpkg-query -W -f='${Version}' vault 2>/dev/null || true)" != "${version}-1" ]; then
  if [ ! -s "$apt_keyring" ]; then
    mkdir -p "$(dirname "$apt_keyring")"
    curl -fsSL https://apt.releases.hashicorp.com/gpg | gpg --dearmor --yes -o "$apt_keyring"
  fi
  codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
  echo "deb [signed-by=$apt_keyring] https://apt.releases.hashicorp.com $codename main" > "$apt_source"
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --allow-change-held-packages "vault=${version}-1"
  apt-mark hold vault >/dev/null
  changed=true
fi
mkdir -p "$config_dir" "$data_dir"
cat > "$config_dir/vault.hcl.new" <<HCL
ui = false
disable_mlock = true
api_addr = "$vault_url"
cluster_addr = "https://$address:$cluster_port"
storage "raft" {
  path    = "$data_dir"
  node_id = "vault-1"
}
listener "tcp" {
  address       = "$address:$port"
  tls_cert_file = "$tls_dir/vault.crt"
  tls_key_file  = "$tls_dir/vault.key"
}
listener "tcp" {
  address       = "127.0.0.1:$port"
  tls_cert_file = "$tls_dir/vault.crt"
  tls_key_file  = "$tls_dir/vault.key"
}
HCL
if cmp -s "$config_dir/vault.hcl.new" "$config_dir/vault.hcl"; then
  rm -f "$config_dir/vault.hcl.new"
else
  mv -f "$config_dir/vault.hcl.new" "$config_dir/vault.hcl"
  changed=true
fi
# Vault's own files only: the CA key in the same folder stays root's.
chown vault:vault "$tls_dir/vault.key" "$tls_dir/vault.crt"
chown -R vault:vault "$data_dir"
systemctl enable vault >/dev/null
# A restart seals Vault: only when something changed (the unseal step runs again then: its script names this one's hash).
if [ "$changed" = true ] || ! systemctl is-active --quiet vault; then
  systemctl restart vault
  echo "Vault $version (re)started"
else
  echo "Vault $version unchanged"
fi

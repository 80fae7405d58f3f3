#!/usr/bin/env bash
# What every host keeps installed (HostScripts.BasePackages): the part of the host steps that installs what is
# missing, waiting for cloud-init and for another apt (unattended-upgrades) to finish. Composed by
# stacks/Hetzner/HostScripts.cs, and by stacks/Backup/BackupScripts.cs for the backups' tools, after a header that sets:
declare -a packages

# A new cloud server may still be in its first boot (apt, cloud-config): let cloud-init finish first.
if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}"
fi

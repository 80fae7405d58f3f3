#!/usr/bin/env bash
# k3s-install (stacks/Cluster/K3sScripts.cs composes it, after public-ip.sh): the pinned k3s, single node, with its
# settings in config.yaml. A changed setting or version restarts k3s; a re-run with nothing changed does nothing, and
# a run that failed half-way is completed by the next. The header sets the version, the files, the settings (each
# a plain address, range, interface or kubelet flag: nothing in it is YAML syntax) and the CRDs to wait for:
declare version config applied unit node_ip flannel_iface cluster_cidr service_cidr kubelet_system_reserved \
  kubelet_eviction_hard crd_attempts crd_pause_seconds public_ip
declare -a crds

# A new cloud server may still be in its first boot (apt, ufw): let cloud-init finish first.
if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi

# k3s gives command-line flags precedence over config.yaml, and a repeated flag replaces the file's whole
# list (docs.k3s.io/installation/configuration, "Configuration File"): a k3s installed with flags (before
# this program) would keep them over the settings below. Re-running the installer would drop them, and
# with them perhaps a --data-dir or --disable an operator relies on: say so and change nothing.
# The values are not printed: a flag may be a --token.
if [ -f "$unit" ]; then
  exec_start=$(sed -e ':join' -e '/\\$/{N;s/\\\n/ /;b join' -e '}' "$unit" | sed -n 's/^ExecStart=//p')
  read -ra exec_words <<<"$exec_start"
  if [ "${exec_words[*]:1}" != server ]; then
    echo "$unit runs k3s with command-line flags besides 'server'; they override $config, so the settings of this step would not all apply: move what they set into the stack config, leave 'ExecStart=/usr/local/bin/k3s server' in the unit, run systemctl daemon-reload and deploy again" >&2
    exit 1
  fi
fi

# The server's settings, in the file k3s reads at every start, so that a change reaches a running k3s.
desired=$(cat <<SETTINGS
# Written by the platform's k3s-install step (stacks/Cluster/K3sScripts.cs): edit the stack config, not this file.
node-ip: "$node_ip"
flannel-iface: "$flannel_iface"
cluster-cidr: "$cluster_cidr"
service-cidr: "$service_cidr"
tls-san:
  - "$public_ip"
write-kubeconfig-mode: "0600"
kubelet-arg:
  - "$kubelet_system_reserved"
  - "$kubelet_eviction_hard"
SETTINGS
)
mkdir -p "$(dirname "$config")" "$(dirname "$applied")"
if [ "$(cat "$config" 2>/dev/null || true)" != "$desired" ]; then
  tmp=$(mktemp "$config.XXXXXX")
  printf '%s\n' "$desired" > "$tmp"
  chmod 0600 "$tmp"
  mv "$tmp" "$config"
  echo "k3s settings written to $config"
fi

if ! { command -v k3s >/dev/null 2>&1 && k3s --version | grep -qF "k3s version $version "; }; then
  installer=$(mktemp)
  trap 'rm -f "$installer"' EXIT
  curl -sfL https://get.k3s.io -o "$installer"
  # The installer restarts k3s only when it changed the binary or the unit (install.sh, service_enable_and_start),
  # never for a changed config.yaml: the restart below is the one place k3s (re)starts.
  INSTALL_K3S_VERSION="$version" INSTALL_K3S_SKIP_START=true sh "$installer" server
  echo "k3s $version installed"
fi

# What k3s must run with; recorded only after a successful restart, so a failed restart is retried.
want="$version $(sha256sum < "$config" | cut -d' ' -f1)"
if [ "$(cat "$applied" 2>/dev/null || true)" != "$want" ] || ! systemctl is-active --quiet k3s; then
  systemctl restart k3s
  printf '%s\n' "$want" > "$applied"
  echo "k3s $version (re)started with its settings"
else
  echo "k3s $version already running with these settings"
fi

# The cluster's resources wait for this step (the kubernetes provider is built from the kubeconfig read after it),
# and pulumi-kubernetes v4.32.0 retries a create on "no matches for kind" only 5 times, about 30 s in all
# (provider/pkg/await/await.go Creation: WithMaxRetries(5), WithBackoffFactor(2) from 1 s), while on a fresh
# node the traefik-crd job first pulls its image. So the step ends when the CRDs are established: `kubectl wait`
# answers NotFound at once while a CRD does not exist yet, hence the retries.
for crd in "${crds[@]}"; do
  attempt=0
  until out=$(k3s kubectl wait --for=condition=established --timeout=30s "crd/$crd" 2>&1); do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge "$crd_attempts" ]; then
      echo "the CRD $crd is not established after $crd_attempts attempts ($((crd_attempts * crd_pause_seconds)) s and more): is k3s's traefik-crd job failing? (k3s kubectl -n kube-system get jobs,pods). Last answer: $out" >&2
      exit 1
    fi
    sleep "$crd_pause_seconds"
  done
done
echo "CRDs established: ${crds[*]}"

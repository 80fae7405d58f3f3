using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cluster;

/// <summary>The remote commands that install k3s with its settings and read its kubeconfig back.</summary>
public static class K3sScripts
{
    public const string KubeconfigPath = "/etc/rancher/k3s/k3s.yaml";

    /// <summary>k3s reads its server settings from this file at every start (docs.k3s.io/installation/configuration, "Configuration File").</summary>
    public const string ConfigPath = "/etc/rancher/k3s/config.yaml";

    /// <summary>The hash of the settings and version k3s last started with: a run that failed before the restart leaves it stale.</summary>
    public const string AppliedPath = "/var/lib/rancher/k3s/platform-applied.sha256";

    /// <summary>The unit k3s-io/k3s install.sh writes for a server (create_systemd_service_file): ExecStart=/usr/local/bin/k3s server, then any flags.</summary>
    public const string UnitPath = "/etc/systemd/system/k3s.service";

    /// <summary>
    /// The host's public address, an input the component sends from the host's address (a cloud server's
    /// is known only at deploy time): it goes into the API certificate and the kubeconfig the runner uses.
    /// </summary>
    public const string PublicIpVariable = "K3S_PUBLIC_IP";

    /// <summary>
    /// The CRDs the cluster's resources are made of: the HelmChartConfig (k3s registers its helm-controller's CRDs
    /// when it starts) and Traefik's Middleware, whose CRD k3s's traefik-crd chart installs from a job some time after
    /// k3s started (k3s-io/k3s manifests/traefik.yaml: the HelmCharts traefik-crd and traefik).
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredCrds = ["helmchartconfigs.helm.cattle.io", "middlewares.traefik.io"];

    /// <summary>How long the install step waits for them: attempts, seconds between two.</summary>
    public const int CrdAttempts = 60, CrdPauseSeconds = 5;

    /// <summary>k3s renews client and server certificates within 90 days of expiry when it starts (docs.k3s.io/advanced, "Certificate Management").</summary>
    public const int CertificateRenewalDays = 90;

    /// <summary>
    /// When the kubeconfig is read again: its trigger, the current month. The copy in Pulumi's state must
    /// outlive k3s's one-year client certificates, and the read renews a certificate within
    /// <see cref="CertificateRenewalDays"/> of expiry, so a read at least once a month keeps the copy valid
    /// for two months or more, and the first deployment of a month after a long pause reads (and renews)
    /// before the kubernetes provider uses it. Monthly, not on every run: each re-read shows as a
    /// replacement in every preview.
    /// </summary>
    public static string KubeconfigRefresh(DateTime utcNow) => utcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static string KubeletSystemReserved => $"system-reserved=memory={Node.SystemReserved}";

    /// <summary>
    /// The whole hard-eviction set. Kubernetes ("Node-pressure Eviction", kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/):
    /// "if you change the value of any parameter, the values of other parameters are not inherited as default
    /// values and will be set to zero", so setting memory alone would switch disk and inode eviction off. The
    /// others stay at the kubelet's Linux defaults (nodefs.available&lt;10%, imagefs.available&lt;15%,
    /// nodefs.inodesFree&lt;5%); memory is seeds/003's 500Mi instead of the default 100Mi.
    /// </summary>
    public static string KubeletEvictionHard =>
        $"eviction-hard=memory.available<{Node.EvictionHard},nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%";

    /// <summary>
    /// Installs the pinned k3s (single node) with its settings in <see cref="ConfigPath"/>: the kubelet
    /// reservations of seeds/003, the node IP and flannel on the private network, the cluster ranges, the
    /// public address in the API certificate. A changed setting or version restarts k3s; a re-run with
    /// nothing changed does nothing, and a run that failed half-way is completed by the next.
    /// </summary>
    public static string Install(string version, string nodeIp, string flannelInterface) =>
        Shell.Script($"Installs k3s {version} (single node) and applies its settings: idempotent.", $$"""
        {{ValidatedPublicIp}}
        version={{Shell.Quote(version)}}
        config={{ConfigPath}}
        applied={{AppliedPath}}
        # A new cloud server may still be in its first boot (apt, ufw): let cloud-init finish first.
        if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi

        # k3s gives command-line flags precedence over config.yaml, and a repeated flag replaces the file's whole
        # list (docs.k3s.io/installation/configuration, "Configuration File"): a k3s installed with flags (before
        # this program) would keep them over the settings below. Re-running the installer would drop them, and
        # with them perhaps a --data-dir or --disable an operator relies on: say so and change nothing.
        # The values are not printed: a flag may be a --token.
        unit={{UnitPath}}
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
        node-ip: {{Yaml(nodeIp)}}
        flannel-iface: {{Yaml(flannelInterface)}}
        cluster-cidr: {{Yaml(ClusterNetwork.PodCidr)}}
        service-cidr: {{Yaml(ClusterNetwork.ServiceCidr)}}
        tls-san:
          - "$public_ip"
        write-kubeconfig-mode: "0600"
        kubelet-arg:
          - {{Yaml(KubeletSystemReserved)}}
          - {{Yaml(KubeletEvictionHard)}}
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
        {{Shell.Array("crds", RequiredCrds)}}
        for crd in "${crds[@]}"; do
          attempt=0
          until out=$(k3s kubectl wait --for=condition=established --timeout=30s "crd/$crd" 2>&1); do
            attempt=$((attempt + 1))
            if [ "$attempt" -ge {{CrdAttempts}} ]; then
              echo "the CRD $crd is not established after {{CrdAttempts}} attempts ({{CrdAttempts * CrdPauseSeconds}} s and more): is k3s's traefik-crd job failing? (k3s kubectl -n kube-system get jobs,pods). Last answer: $out" >&2
              exit 1
            fi
            sleep {{CrdPauseSeconds}}
          done
        done
        echo "CRDs established: ${crds[*]}"
        """, [PublicIpVariable]);

    /// <summary>
    /// Prints the kubeconfig with the API address the deploy runner reaches; its stdout is a Pulumi secret.
    /// The client certificate in it lives 365 days: when it expires within <see cref="CertificateRenewalDays"/>,
    /// k3s is restarted first, which renews it. Nothing is printed before the last step that can fail: the
    /// provider puts a failed command's output into its error message.
    /// </summary>
    public static string ReadKubeconfig() =>
        Shell.Script("Prints the k3s kubeconfig for the deploy runner (stdout is secret), renewing its certificate when due.", $$"""
        {{ValidatedPublicIp}}
        kubeconfig={{KubeconfigPath}}
        renewal=$(({{CertificateRenewalDays}} * 24 * 3600))
        client_certificate_valid() {
          sed -n 's/^ *client-certificate-data: *//p' "$kubeconfig" | base64 -d | openssl x509 -noout -checkend "$renewal" >/dev/null 2>&1
        }
        if ! client_certificate_valid; then
          echo "the kubeconfig's client certificate expires within {{CertificateRenewalDays}} days: restarting k3s to renew it" >&2
          systemctl restart k3s
          for _ in $(seq 60); do client_certificate_valid && break; sleep 1; done
          client_certificate_valid || { echo "k3s did not renew the client certificate in $kubeconfig" >&2; exit 1; }
        fi
        sed -e "s#https://127.0.0.1:{{HostScripts.KubernetesApiPort}}#https://$public_ip:{{HostScripts.KubernetesApiPort}}#" "$kubeconfig"
        """, [PublicIpVariable]);

    /// <summary>The public address goes into YAML and a sed expression: only an IPv4 address is accepted (Hetzner primary IPs here are IPv4).</summary>
    private static string ValidatedPublicIp => $$"""
        public_ip=${{{PublicIpVariable}}:?an input: the public address of the host}
        if ! [[ $public_ip =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]]; then
          echo "input {{PublicIpVariable}} is not an IPv4 address" >&2
          exit 1
        fi
        """;

    /// <summary>A YAML double-quoted scalar of a plan value (no '$', '`' or '\' to escape: plan values are addresses and flags).</summary>
    private static string Yaml(string value) =>
        value.IndexOfAny(['"', '\\', '$', '`', '\n']) >= 0
            ? throw new ArgumentException($"'{value}' cannot be written into k3s's config.yaml")
            : $"\"{value}\"";
}

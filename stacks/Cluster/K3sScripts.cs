using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cluster;

/// <summary>The remote commands that install k3s and read its kubeconfig back.</summary>
public static class K3sScripts
{
    public const string KubeconfigPath = "/etc/rancher/k3s/k3s.yaml";

    /// <summary>
    /// The host's public address, an input the component sends from the host's address (a cloud server's
    /// is known only at deploy time): it goes into the API certificate and the kubeconfig the runner uses.
    /// </summary>
    public const string PublicIpVariable = "K3S_PUBLIC_IP";

    public static string KubeletSystemReserved => $"system-reserved=memory={Node.SystemReserved}";
    public static string KubeletEvictionHard => $"eviction-hard=memory.available<{Node.EvictionHard}";

    /// <summary>
    /// Installs the pinned k3s with the kubelet reservations of seeds/003 (2 GiB system-reserved, eviction
    /// below 500 MiB) and the node IP on the private network. Does nothing when that version already runs.
    /// </summary>
    public static string Install(string version, string nodeIp, string flannelInterface) =>
        Shell.Script($"Installs k3s {version} (single node): idempotent.", $$"""
        public_ip=${{{PublicIpVariable}}:?an input: the public address of the host}
        version={{Shell.Quote(version)}}
        # A new cloud server may still be in its first boot (apt, ufw): let cloud-init finish first.
        if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
        if command -v k3s >/dev/null 2>&1 && k3s --version | grep -qF "$version"; then
          echo "k3s $version already installed"
          exit 0
        fi
        installer=$(mktemp)
        trap 'rm -f "$installer"' EXIT
        curl -sfL https://get.k3s.io -o "$installer"
        INSTALL_K3S_VERSION="$version" sh "$installer" server \
          --node-ip {{Shell.Quote(nodeIp)}} \
          --flannel-iface {{Shell.Quote(flannelInterface)}} \
          --tls-san "$public_ip" \
          --kubelet-arg {{Shell.Quote(KubeletSystemReserved)}} \
          --kubelet-arg {{Shell.Quote(KubeletEvictionHard)}} \
          --write-kubeconfig-mode 0600
        echo "k3s $version installed"
        """, [PublicIpVariable]);

    /// <summary>Prints the kubeconfig with the API address the deploy runner reaches; its stdout is a Pulumi secret.</summary>
    public static string ReadKubeconfig() =>
        Shell.Script("Prints the k3s kubeconfig for the deploy runner (stdout is secret).", $$"""
        public_ip=${{{PublicIpVariable}}:?an input: the public address of the host}
        sed -e "s#https://127.0.0.1:{{HostScripts.KubernetesApiPort}}#https://$public_ip:{{HostScripts.KubernetesApiPort}}#" {{KubeconfigPath}}
        """, [PublicIpVariable]);
}

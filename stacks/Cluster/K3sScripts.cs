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
    /// nodefs.inodesFree&lt;5%); memory is the 500Mi of docs/sources/hello-world-dao-infrastructure.txt instead of the default 100Mi.
    /// </summary>
    public static string KubeletEvictionHard =>
        $"eviction-hard=memory.available<{Node.EvictionHard},nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%";

    /// <summary>
    /// Installs the pinned k3s (single node) with its settings in <see cref="ConfigPath"/>: the kubelet
    /// reservations of docs/sources/hello-world-dao-infrastructure.txt, the node IP and flannel on the private network, the cluster ranges, the
    /// public address in the API certificate (<c>Cluster/Scripts/install.sh</c>). A changed setting or version
    /// restarts k3s; a re-run with nothing changed does nothing, and a run that failed half-way is completed by the next.
    /// </summary>
    public static string Install(string version, string nodeIp, string flannelInterface) => new ShellScript()
        .Set("version", version)
        .Set("config", ConfigPath)
        .Set("applied", AppliedPath)
        .Set("unit", UnitPath)
        .Set("node_ip", Yaml(nodeIp))
        .Set("flannel_iface", Yaml(flannelInterface))
        .Set("cluster_cidr", Yaml(ClusterNetwork.PodCidr))
        .Set("service_cidr", Yaml(ClusterNetwork.ServiceCidr))
        .Set("kubelet_system_reserved", Yaml(KubeletSystemReserved))
        .Set("kubelet_eviction_hard", Yaml(KubeletEvictionHard))
        .Array("crds", RequiredCrds)
        .Set("crd_attempts", CrdAttempts)
        .Set("crd_pause_seconds", CrdPauseSeconds)
        .Part(PublicIpPart).Part("Cluster/Scripts/install.sh")
        .Script($"Installs k3s {version} (single node) and applies its settings: idempotent.", [PublicIpVariable]);

    /// <summary>
    /// Prints the kubeconfig with the API address the deploy runner reaches; its stdout is a Pulumi secret.
    /// The client certificate in it lives 365 days: when it expires within <see cref="CertificateRenewalDays"/>,
    /// k3s is restarted first, which renews it. Nothing is printed before the last step that can fail: the
    /// provider puts a failed command's output into its error message (<c>Cluster/Scripts/kubeconfig.sh</c>).
    /// </summary>
    public static string ReadKubeconfig() => new ShellScript()
        .Set("kubeconfig", KubeconfigPath)
        .Set("renewal_days", CertificateRenewalDays)
        .Set("api_port", HostScripts.KubernetesApiPort)
        .Part(PublicIpPart).Part("Cluster/Scripts/kubeconfig.sh")
        .Script("Prints the k3s kubeconfig for the deploy runner (stdout is secret), renewing its certificate when due.", [PublicIpVariable]);

    /// <summary>The host's public address from <see cref="PublicIpVariable"/>, an IPv4 address or a failure: it goes into YAML and a sed expression.</summary>
    private const string PublicIpPart = "Cluster/Scripts/public-ip.sh";

    /// <summary>
    /// A plan value the install step writes between double quotes into k3s's config.yaml: no '"', '\', '$', '`' or
    /// line end, which YAML or a reader of the file would take for more than text (plan values are addresses and flags).
    /// </summary>
    private static string Yaml(string value) =>
        value.IndexOfAny(['"', '\\', '$', '`', '\n']) >= 0
            ? throw new ArgumentException($"'{value}' cannot be written into k3s's config.yaml")
            : value;
}

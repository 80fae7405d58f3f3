using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Cluster;

/// <summary>k3s on one host: install, kubeconfig read back as a secret, and the kubernetes provider built from it.</summary>
public sealed record K3sPlan(string Name, HostAccess Host, string Version, string FlannelInterface, string InstallScript, string KubeconfigScript) : IComponentPlan
{
    public string Type => Tokens.K3sComponent;
    public string InstallName => $"{Name}-install";
    public string KubeconfigName => $"{Name}-kubeconfig";
    public string ProviderName => $"{Name}-provider";

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.RemoteCommand, InstallName, Name, Inputs(("connection.host", Host.ConnectionHost), ("version", Version),
            ("nodeIp", Host.PrivateIp), ("flannelIface", FlannelInterface), ("stdin", Host.Address.AsInput($"{K3sScripts.PublicIpVariable}=")),
            ("kubelet", $"{K3sScripts.KubeletSystemReserved} {K3sScripts.KubeletEvictionHard}"),
            ("clusterCidr", ClusterNetwork.PodCidr), ("serviceCidr", ClusterNetwork.ServiceCidr), ("settings", K3sScripts.ConfigPath),
            ("create", TextDigest.Of(InstallScript, TextDigest.Script))),
            secrets: [RemoteCommands.PrivateKeyInput], dependsOn: [Host.ReadyResource], secretSources: RemoteCommands.ConnectionSecrets());
        yield return Child(Tokens.RemoteCommand, KubeconfigName, Name, Inputs(("connection.host", Host.ConnectionHost),
            ("create", $"{TextDigest.Of(KubeconfigScript, TextDigest.Script)} (reads {K3sScripts.KubeconfigPath})"),
            ("stdin", Host.Address.AsInput($"{K3sScripts.PublicIpVariable}=")), ("triggers", "the month of the deployment: read again monthly")),
            secrets: [RemoteCommands.PrivateKeyInput, "stdout"], dependsOn: [InstallName], secretSources: RemoteCommands.ConnectionSecrets());
        yield return Child(Tokens.KubernetesProvider, ProviderName, Name, Inputs(("enableServerSideApply", true), ("clusterIdentifier", Name)),
            secrets: ["kubeconfig"], dependsOn: [KubeconfigName],
            secretSources: new Dictionary<string, IReadOnlyList<string>> { ["kubeconfig"] = [SecretSourceOf.Resource(KubeconfigName)] });
    }
}

/// <summary>
/// A namespace with its LimitRange, ResourceQuota and RoleBindings
/// (docs/sources/hello-world-dao-infrastructure.txt "Resource Stability Rules", item 4; rule resource-stability).
/// </summary>
public sealed record NamespacePlan(NamespaceSettings Settings, string ProviderResource) : IComponentPlan
{
    public string Type => Tokens.NamespaceComponent;
    public string Name => $"ns-{Settings.Name}";
    public string NamespaceName => Settings.Name;
    public string LimitRangeName => $"{Settings.Name}-limits";
    public string QuotaName => $"{Settings.Name}-quota";
    public string RoleBindingName(RoleBindingSettings rb) => $"{Settings.Name}-{rb.User}-{rb.Role}";

    public IEnumerable<PlannedResource> Resources()
    {
        var s = Settings;
        yield return Component(Type, Name);
        yield return Child(Tokens.Namespace, NamespaceName, Name, Inputs(("metadata.name", s.Name)), dependsOn: [ProviderResource]);
        yield return Child(Tokens.LimitRange, LimitRangeName, Name, Inputs(("default", $"cpu {s.DefaultCpu}, memory {s.DefaultMemory}"),
            ("defaultRequest", $"cpu {s.DefaultCpu}, memory {s.DefaultMemory}"), ("max", $"cpu {s.MaxCpu}, memory {s.MaxMemory}")), dependsOn: [NamespaceName]);
        yield return Child(Tokens.ResourceQuota, QuotaName, Name, Inputs(("hard", $"requests/limits cpu {s.QuotaCpu}, memory {s.QuotaMemory}")), dependsOn: [NamespaceName]);
        foreach (var rb in s.RoleBindings)
            yield return Child(Tokens.RoleBinding, RoleBindingName(rb), Name, Inputs(("user", rb.User), ("clusterRole", rb.Role)), dependsOn: [NamespaceName]);
    }
}

/// <summary>A Deployment and its Service; every container carries requests and limits (rule resource-stability).</summary>
public sealed record WorkloadPlan(WorkloadSettings Settings, string NamespaceResource, IReadOnlyList<string> SecretResources) : IComponentPlan
{
    public string Type => Tokens.WorkloadComponent;
    public string Name => $"{Settings.Namespace}-{Settings.Name}";
    public string DeploymentName => $"{Name}-deployment";
    public string ServiceName => $"{Name}-service";

    public IEnumerable<PlannedResource> Resources()
    {
        var s = Settings;
        var r = s.Resources;
        yield return Component(Type, Name);
        yield return Child(Tokens.Deployment, DeploymentName, Name, Inputs(("namespace", s.Namespace), ("image", s.Image), ("replicas", s.Replicas), ("strategy", s.Strategy),
            ("requests", $"cpu {r.CpuRequest}, memory {r.MemoryRequest}"), ("limits", $"cpu {r.CpuLimit}, memory {r.MemoryLimit}"),
            ("envFrom", s.SecretEnv.Count > 0 ? s.SecretEnv : null)), dependsOn: [NamespaceResource, .. SecretResources]);
        yield return Child(Tokens.Service, ServiceName, Name, Inputs(("namespace", s.Namespace), ("port", s.Port)), dependsOn: [NamespaceResource]);
    }
}

/// <summary>
/// Generated platform secrets (docs/sources/frameworks-external-services.txt "shared platform secrets";
/// docs/sources/pilox-production.txt formats): random values that stay in Pulumi's encrypted state, delivered as a
/// Kubernetes Secret and, when asked, to Vault.
/// </summary>
public sealed record GeneratedSecretPlan(GeneratedSecretSettings Settings, string NamespaceResource) : IComponentPlan
{
    public string Type => Tokens.GeneratedSecretComponent;
    public string Name => $"secret-{Settings.Name}";
    public string SecretName => $"{Settings.Name}-secret";
    public string ValueName(string key) => $"{Settings.Name}-{key.ToLowerInvariant().Replace('_', '-')}";

    /// <summary>
    /// Tokens: 48 characters (>= 32 in production, docs/sources/pilox-production.txt), letters and digits so no quoting
    /// breaks them.
    /// </summary>
    public const int TokenLength = 48;

    /// <summary>hex32: 32 random bytes as 64 hex characters (docs/sources/pilox-production.txt ENCRYPTION_KEY).</summary>
    public const int Hex32Bytes = 32;

    public bool IsHex => Settings.Format == "hex32";

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        foreach (var key in Settings.Keys)
            yield return IsHex
                ? Child(Tokens.RandomBytes, ValueName(key), Name, Inputs(("length", Hex32Bytes)), secrets: ["hex", "base64"])
                : Child(Tokens.RandomPassword, ValueName(key), Name, Inputs(("length", TokenLength), ("special", false)), secrets: ["result"]);
        yield return Child(Tokens.Secret, SecretName, Name, Inputs(("namespace", Settings.Namespace), ("metadata.name", Settings.Name),
            ("keys", Settings.Keys)), secrets: ["stringData"], dependsOn: [NamespaceResource, .. Settings.Keys.Select(ValueName)],
            secretSources: new Dictionary<string, IReadOnlyList<string>> { ["stringData"] = [.. Settings.Keys.Select(k => SecretSourceOf.Resource(ValueName(k)))] });
    }
}

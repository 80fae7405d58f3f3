using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Pulumi;
using K8s = Pulumi.Kubernetes;

namespace Platform.Components.Cluster;

/// <summary>
/// k3s on one host: the pinned install (kubelet reservations, node IP on the private network), the
/// kubeconfig read back as a secret, and the kubernetes provider every cluster resource uses.
/// </summary>
/// <remarks>Outputs: kubeconfig (secret). <see cref="Provider"/> for the cluster's components.</remarks>
public sealed class K3sCluster : ComponentResource
{
    public const string Type = Tokens.K3sComponent;

    public Output<string> Kubeconfig { get; }

    /// <summary>The install step: k3s runs, with its datastore, once it is done.</summary>
    public Resource Install { get; }
    public K8s.Provider Provider { get; }

    public K3sCluster(K3sPlan plan, SshAccess host, ComponentResourceOptions? options = null) : base(Type, plan.Name, options)
    {
        // Both scripts need the public address: it goes into the API certificate and the kubeconfig.
        var stdin = host.Address.ToOutput().Apply(address => ScriptInputs.Encode([new(K3sScripts.PublicIpVariable, address)]));

        var install = RemoteCommand.Create(plan.InstallName, host.Connection(), plan.InstallScript, stdin,
            PolicyOptions.For(ResourcePolicy.None, this, dependsOn: [host.Ready]));
        Install = install;
        // Read again every month (a trigger replaces the command, re-running it), renewing the client
        // certificate when due: a copy read once at install stops authenticating after a year, and nothing
        // else would ever refresh it (K3sScripts.KubeconfigRefresh says why monthly).
        var read = RemoteCommand.Create(plan.KubeconfigName, host.Connection(), plan.KubeconfigScript, stdin,
            PolicyOptions.For(ResourcePolicy.None, this, dependsOn: [install]),
            triggers: [(Input<object>)K3sScripts.KubeconfigRefresh(DateTime.UtcNow)]);

        // The kubeconfig holds the cluster admin's credentials: secret here even before the engine marks stdout.
        Kubeconfig = Output.CreateSecret(read.Stdout);
        Provider = new K8s.Provider(plan.ProviderName, new K8s.ProviderArgs
        {
            KubeConfig = Kubeconfig,
            // A refreshed kubeconfig (new client certificate) is the same cluster: with a fixed identifier the
            // provider is updated, not replaced with every resource on it (pulumi-kubernetes, clusterIdentifier).
            // Set before the first deployment: changing it later replaces every cluster resource.
            ClusterIdentifier = plan.Name,
            EnableServerSideApply = true,
        }, PolicyOptions.Child(this));

        RegisterOutputs(new Dictionary<string, object?> { ["kubeconfig"] = Kubeconfig });
    }
}

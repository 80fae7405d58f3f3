using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Platform.Components.Secrets;
using Pulumi;
using K8s = Pulumi.Kubernetes;
using Apps = Pulumi.Kubernetes.Types.Inputs.Apps.V1;
using Core = Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Meta = Pulumi.Kubernetes.Types.Inputs.Meta.V1;

namespace Platform.Components.Cluster;

/// <summary>
/// A Deployment whose container carries cpu and memory requests and limits (rule resource-stability: the quota and the
/// node's memory budget are computed from them), its secret environment, and a Service on its port.
/// </summary>
/// <remarks>Outputs: serviceName (what Ingresses route to).</remarks>
public sealed class Workload : ComponentResource
{
    public const string Type = Tokens.WorkloadComponent;

    public K8s.Core.V1.Service Service { get; }

    private static Apps.DeploymentStrategyArgs Strategy(string type) => type == WorkloadSettings.RollingUpdate
        ? new Apps.DeploymentStrategyArgs
        {
            Type = type,
            RollingUpdate = new Apps.RollingUpdateDeploymentArgs { MaxSurge = WorkloadSettings.MaxSurge, MaxUnavailable = WorkloadSettings.MaxUnavailable },
        }
        : new Apps.DeploymentStrategyArgs { Type = type };

    public Workload(WorkloadPlan plan, K8s.Provider provider, Input<string> namespaceName,
        IReadOnlyDictionary<string, GeneratedSecret> secrets, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var s = plan.Settings;
        var labels = new InputMap<string> { ["app"] = s.Name };

        _ = new K8s.Apps.V1.Deployment(plan.DeploymentName, new Apps.DeploymentArgs
        {
            Metadata = new Meta.ObjectMetaArgs { Name = s.Name, Namespace = namespaceName },
            Spec = new Apps.DeploymentSpecArgs
            {
                Replicas = s.Replicas,
                // The quota rule (stacks/Cluster/ClusterRules.cs) counted this strategy's surge pods. A
                // RollingUpdate's parameters are applied, not left to the API server's defaults: server-side
                // apply keeps a defaulted field no manager owns, so a later switch to Recreate would be refused
                // ("spec.strategy.rollingUpdate: Forbidden", pulumi/pulumi-kubernetes#2843); owned, it goes.
                Strategy = Strategy(s.Strategy),
                Selector = new Meta.LabelSelectorArgs { MatchLabels = labels },
                Template = new Core.PodTemplateSpecArgs
                {
                    Metadata = new Meta.ObjectMetaArgs { Labels = labels },
                    Spec = new Core.PodSpecArgs
                    {
                        Containers =
                        {
                            new Core.ContainerArgs
                            {
                                Name = s.Name,
                                Image = s.Image,
                                Ports = { new Core.ContainerPortArgs { ContainerPortValue = s.Port } },
                                Resources = new Core.ResourceRequirementsArgs
                                {
                                    Requests = { ["cpu"] = s.Resources.CpuRequest!, ["memory"] = s.Resources.MemoryRequest! },
                                    Limits = { ["cpu"] = s.Resources.CpuLimit!, ["memory"] = s.Resources.MemoryLimit! },
                                },
                                // The Secret's name is an output, so the Deployment waits for the Secret.
                                EnvFrom = plan.SecretResources.Select(name => new Core.EnvFromSourceArgs
                                {
                                    SecretRef = new Core.SecretEnvSourceArgs { Name = secrets[name].SecretName },
                                }).ToList(),
                            },
                        },
                    },
                },
            },
        }, PolicyOptions.Child(this, provider));

        Service = new K8s.Core.V1.Service(plan.ServiceName, new Core.ServiceArgs
        {
            Metadata = new Meta.ObjectMetaArgs { Name = s.Name, Namespace = namespaceName },
            Spec = new Core.ServiceSpecArgs
            {
                Selector = labels,
                Ports = { new Core.ServicePortArgs { Port = s.Port, TargetPort = s.Port } },
            },
        }, PolicyOptions.Child(this, provider));

        RegisterOutputs(new Dictionary<string, object?> { ["serviceName"] = Service.Metadata.Apply(m => m.Name) });
    }
}

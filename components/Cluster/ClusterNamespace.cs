using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Pulumi;
using K8s = Pulumi.Kubernetes;
using Core = Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Meta = Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Rbac = Pulumi.Kubernetes.Types.Inputs.Rbac.V1;

namespace Platform.Components.Cluster;

/// <summary>
/// A namespace with its LimitRange (defaults for containers that say nothing, and a ceiling), its
/// ResourceQuota (requests and limits), and RoleBindings of users to cluster roles (docs/sources/hello-world-dao-infrastructure.txt "Resource Stability Rules", item 4; rule resource-stability).
/// </summary>
/// <remarks>Outputs: name (depends on the Namespace, so consumers wait for it).</remarks>
public sealed class ClusterNamespace : ComponentResource
{
    public const string Type = Tokens.NamespaceComponent;
    private const string RbacGroup = "rbac.authorization.k8s.io";

    public Output<string> Name { get; }

    public ClusterNamespace(NamespacePlan plan, K8s.Provider provider, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var s = plan.Settings;
        var ns = new K8s.Core.V1.Namespace(plan.NamespaceName, new K8s.Types.Inputs.Core.V1.NamespaceArgs
        {
            Metadata = new Meta.ObjectMetaArgs { Name = s.Name },
        }, PolicyOptions.Child(this, provider));
        Name = ns.Metadata.Apply(m => m.Name);

        Meta.ObjectMetaArgs Metadata(string name) => new() { Name = name, Namespace = Name };
        InputMap<string> CpuMemory(string? cpu, string? memory) => new() { ["cpu"] = cpu!, ["memory"] = memory! };

        _ = new K8s.Core.V1.LimitRange(plan.LimitRangeName, new Core.LimitRangeArgs
        {
            Metadata = Metadata(plan.LimitRangeName),
            Spec = new Core.LimitRangeSpecArgs
            {
                Limits =
                {
                    new Core.LimitRangeItemArgs
                    {
                        Type = "Container",
                        Default = CpuMemory(s.DefaultCpu, s.DefaultMemory),
                        DefaultRequest = CpuMemory(s.DefaultCpu, s.DefaultMemory),
                        Max = CpuMemory(s.MaxCpu, s.MaxMemory),
                    },
                },
            },
        }, PolicyOptions.Child(this, provider));

        _ = new K8s.Core.V1.ResourceQuota(plan.QuotaName, new Core.ResourceQuotaArgs
        {
            Metadata = Metadata(plan.QuotaName),
            Spec = new Core.ResourceQuotaSpecArgs
            {
                Hard =
                {
                    ["requests.cpu"] = s.QuotaCpu!,
                    ["requests.memory"] = s.QuotaMemory!,
                    ["limits.cpu"] = s.QuotaCpu!,
                    ["limits.memory"] = s.QuotaMemory!,
                },
            },
        }, PolicyOptions.Child(this, provider));

        foreach (var rb in s.RoleBindings)
            _ = new K8s.Rbac.V1.RoleBinding(plan.RoleBindingName(rb), new Rbac.RoleBindingArgs
            {
                Metadata = Metadata(plan.RoleBindingName(rb)),
                RoleRef = new Rbac.RoleRefArgs { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = rb.Role },
                Subjects = { new Rbac.SubjectArgs { ApiGroup = RbacGroup, Kind = "User", Name = rb.User } },
            }, PolicyOptions.Child(this, provider));

        RegisterOutputs(new Dictionary<string, object?> { ["name"] = Name });
    }
}

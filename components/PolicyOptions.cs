using Platform.Stacks.Plan;
using Pulumi;

namespace Platform.Components;

/// <summary>
/// The one place a plan's <see cref="ResourcePolicy"/> becomes Pulumi options (rule protected-stack). Components never set
/// Protect, RetainOnDelete, IgnoreChanges or ImportId themselves, so what the plan shows is what runs.
/// </summary>
public static class PolicyOptions
{
    public static CustomResourceOptions For(
        ResourcePolicy policy, Resource parent, ProviderResource? provider = null, IEnumerable<Resource>? dependsOn = null)
    {
        var options = new CustomResourceOptions
        {
            Parent = parent,
            Provider = provider,
            Protect = policy.Protect,
            RetainOnDelete = policy.RetainOnDelete,
            IgnoreChanges = [.. policy.IgnoredChanges],
            ImportId = policy.ImportId,
            DeleteBeforeReplace = policy.DeleteBeforeReplace,
        };
        if (dependsOn is not null)
            options.DependsOn = dependsOn.ToList();
        return options;
    }

    /// <summary>A child with no policy of its own: only parented (and, for Kubernetes, given the cluster's provider).</summary>
    public static CustomResourceOptions Child(Resource parent, ProviderResource? provider = null) =>
        For(ResourcePolicy.None, parent, provider);
}

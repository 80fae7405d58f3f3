using Platform.Stacks.Plan;
using Pulumi;

namespace Platform.Components;

/// <summary>
/// What the components registered, for the components that refer to it: outputs by the plan's
/// <see cref="OutputReference"/>s (a server's primary IP), resources by the logical names the plan gives them (what a
/// step waits for). Filled as the program creates the components, in dependency order; a reference to something not
/// registered (yet) is a planning bug, and says which.
/// </summary>
public sealed class PlanResources
{
    private readonly Dictionary<OutputReference, Output<string>> _outputs = [];
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);

    public void Add(OutputReference reference, Output<string> value) => _outputs.Add(reference, value);

    public void Add(string logicalName, Resource resource) => _resources.Add(logicalName, resource);

    /// <summary>The output a reference names.</summary>
    public Output<string> Output(OutputReference reference) => _outputs.TryGetValue(reference, out var value) ? value
        : throw new InvalidOperationException($"no component registered {reference}: a planning bug.");

    /// <summary>The resource the plan names so.</summary>
    public Resource Resource(string logicalName) => _resources.TryGetValue(logicalName, out var resource) ? resource
        : throw new InvalidOperationException($"no component registered '{logicalName}': a planning bug.");

    /// <summary>A host's address: the primary IP's output for a cloud server, the known address for the dedicated one.</summary>
    public Input<string> Address(PublicAddress address) => address.Output is { } reference ? Output(reference)
        : address.Known ?? throw new InvalidOperationException($"host '{address.Host}' has no address: a planning bug.");
}

using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Pulumi;
using HCloud = Pulumi.HCloud;

namespace Platform.Components.Hetzner;

/// <summary>The project's SSH keys, given to every server at creation.</summary>
/// <remarks>Outputs: each key's id by its logical name (servers refer to them by name from their plan).</remarks>
public sealed class SshKeys : ComponentResource
{
    public const string Type = Tokens.SshKeysComponent;

    private readonly Dictionary<string, HCloud.SshKey> _keys = new(StringComparer.Ordinal);

    public SshKeys(SshKeysPlan plan, ComponentResourceOptions? options = null) : base(Type, plan.Name, options)
    {
        foreach (var key in plan.Keys)
            _keys[plan.KeyName(key)] = new HCloud.SshKey(plan.KeyName(key), new HCloud.SshKeyArgs
            {
                Name = key.Name,
                PublicKey = key.PublicKey,
            }, PolicyOptions.For(plan.Policy(key), this));
        RegisterOutputs(new Dictionary<string, object?> { ["keyIds"] = Output.All(_keys.Values.Select(k => k.Id)) });
    }

    /// <summary>The id of the key registered under <paramref name="resourceName"/> (a name from the plan).</summary>
    public Output<string> IdOf(string resourceName) => _keys[resourceName].Id;
}

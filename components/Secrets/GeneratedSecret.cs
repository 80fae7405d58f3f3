using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Pulumi;
using K8s = Pulumi.Kubernetes;
using Random = Pulumi.Random;

namespace Platform.Components.Secrets;

/// <summary>
/// Generated platform secrets (docs/sources/frameworks-external-services.txt, formats of docs/sources/pilox-production.txt): one random value per key, kept in
/// Pulumi's encrypted state, delivered as one Kubernetes Secret.
/// </summary>
/// <remarks>Outputs: the Secret's name; each value (secret) by its logical name, for Vault.</remarks>
public sealed class GeneratedSecret : ComponentResource
{
    public const string Type = Tokens.GeneratedSecretComponent;

    private readonly Dictionary<string, Output<string>> _values = new(StringComparer.Ordinal);

    public Output<string> SecretName { get; }

    /// <summary>Each generated value (secret) by its logical name from the plan: a 48-character token, or 64 hex characters.</summary>
    public IReadOnlyDictionary<string, Output<string>> Values => _values;

    public GeneratedSecret(GeneratedSecretPlan plan, K8s.Provider provider, Input<string> namespaceName, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var data = new InputMap<string>();
        foreach (var key in plan.Settings.Keys)
        {
            var value = Output.CreateSecret(plan.IsHex ? Hex32(plan.ValueName(key)) : Token(plan.ValueName(key)));
            _values[plan.ValueName(key)] = value;
            data[key] = value;
        }

        var secret = new K8s.Core.V1.Secret(plan.SecretName, new K8s.Types.Inputs.Core.V1.SecretArgs
        {
            Metadata = new K8s.Types.Inputs.Meta.V1.ObjectMetaArgs { Name = plan.Settings.Name, Namespace = namespaceName },
            StringData = data,
        }, PolicyOptions.Child(this, provider));
        SecretName = secret.Metadata.Apply(m => m.Name);

        RegisterOutputs(new Dictionary<string, object?> { ["secretName"] = SecretName });
    }

    // Letters and digits only, so that no shell, URL or YAML quoting can break a token.
    private Output<string> Token(string name) =>
        new Random.RandomPassword(name, new Random.RandomPasswordArgs { Length = GeneratedSecretPlan.TokenLength, Special = false },
            PolicyOptions.Child(this)).Result;

    private Output<string> Hex32(string name) =>
        new Random.RandomBytes(name, new Random.RandomBytesArgs { Length = GeneratedSecretPlan.Hex32Bytes },
            PolicyOptions.Child(this)).Hex;
}

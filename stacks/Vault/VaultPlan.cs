using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Vault;

/// <summary>Where a secret input of a Vault step comes from.</summary>
public abstract record SecretSource
{
    /// <summary>
    /// What an earlier step printed: <see cref="VaultStepKind.Init"/>'s JSON (the shares, when not PGP-encrypted, and the
    /// root token), <see cref="VaultStepKind.Deployer"/>'s identity (<c>{"role_id","secret_id"}</c>).
    /// </summary>
    public sealed record StepOutput(VaultStepKind Step) : SecretSource;

    /// <summary>An operator's secure config key (<c>platform:&lt;key&gt;</c>).</summary>
    public sealed record Config(string Key) : SecretSource;

    /// <summary>A generated value: the random resource's logical name.</summary>
    public sealed record Generated(string Resource, bool Hex) : SecretSource;
}

/// <summary>
/// The Vault bootstrap (docs/sources/hoodcloud-two-server-deployment.txt order, root token revoked as soon as it made the deployer identity):
/// TLS, install, init, unseal, deployer, revoke-root, then as the deployer: configure, secrets, AppRole
/// files. A real chain: each step needs the one before.
/// </summary>
public sealed record VaultPlan(string Name, HostAccess Host, VaultTarget Target, string Version, int Shares, int Threshold,
    Unsealing Unsealing, IReadOnlyList<VaultStep> Steps) : IComponentPlan
{
    /// <summary>The component's name, which every step's name starts with.</summary>
    public const string ComponentName = "vault";

    public string Type => Tokens.VaultComponent;
    public string Address => Target.Url;

    /// <summary>The one step of a kind (every kind but <see cref="VaultStepKind.Secrets"/>, of which there is one per app).</summary>
    public VaultStep Step(VaultStepKind kind) => Steps.Single(s => s.Kind == kind);

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        foreach (var step in Steps)
            yield return Child(Tokens.RemoteCommand, step.Name, Name,
                Inputs(("connection.host", Host.ConnectionHost), ("create", TextDigest.Of(step.Script, TextDigest.Script)),
                    ("stdin.names", step.SecretInputs.Count > 0 ? step.SecretInputs.Keys : null)),
                step.Policy, secrets: [RemoteCommands.PrivateKeyInput, .. step.SecretInputs.Count > 0 ? ["stdin"] : Array.Empty<string>(), .. RemoteCommands.SecretOutputs],
                dependsOn: step.DependsOn, secretSources: SecretSources(step));
    }

    /// <summary>The connection's key, and the step's stdin from config values, generated secrets and earlier steps' outputs.</summary>
    private Dictionary<string, IReadOnlyList<string>> SecretSources(VaultStep step)
    {
        var sources = RemoteCommands.ConnectionSecrets();
        if (step.SecretInputs.Count > 0)
            sources["stdin"] = [.. step.SecretInputs.Values.Select(source => source switch
            {
                SecretSource.Config c => SecretSourceOf.Config(c.Key),
                SecretSource.Generated g => SecretSourceOf.Resource(g.Resource),
                SecretSource.StepOutput o => SecretSourceOf.Resource(Step(o.Step).Name),
                _ => throw new InvalidOperationException($"unknown secret source {source}"),
            })];
        return sources;
    }
}

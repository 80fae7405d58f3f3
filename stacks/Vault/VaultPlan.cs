using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Vault;

/// <summary>Where a secret input of a Vault step comes from.</summary>
public abstract record SecretSource
{
    /// <summary>The JSON output of the init step (shares, when not PGP-encrypted, and the root token).</summary>
    public sealed record InitOutput : SecretSource;

    /// <summary>The deployer identity the deployer step printed: <c>{"role_id","secret_id"}</c>.</summary>
    public sealed record DeployerOutput : SecretSource;

    /// <summary>An operator's secure config key (<c>platform:&lt;key&gt;</c>).</summary>
    public sealed record Config(string Key) : SecretSource;

    /// <summary>A generated value: the random resource's logical name.</summary>
    public sealed record Generated(string Resource, bool Hex) : SecretSource;
}

/// <summary>One idempotent remote command of the bootstrap, with its secret inputs (sent on standard input) and options.</summary>
public sealed record VaultStep(
    string Name, string Script, IReadOnlyDictionary<string, SecretSource> SecretInputs, IReadOnlyList<string> DependsOn, ResourcePolicy Policy);

/// <summary>
/// The Vault bootstrap (docs/sources/hoodcloud-two-server-deployment.txt order, root token revoked as soon as it made the deployer identity):
/// TLS, install, init, unseal, deployer, revoke-root, then as the deployer: configure, secrets, AppRole
/// files. A real chain: each step needs the one before.
/// </summary>
public sealed record VaultPlan(string Name, HostAccess Host, VaultTarget Target, string Version, int Shares, int Threshold,
    bool SharesEncrypted, IReadOnlyList<VaultStep> Steps) : IComponentPlan
{
    public string Type => Tokens.VaultComponent;
    public string Address => Target.Url;
    public string TlsStep => $"{Name}-tls";
    public string InitStep => $"{Name}-init";
    public string DeployerStep => $"{Name}-deployer";

    /// <summary>The step that writes the AppRole credential files (the backup timer's among them).</summary>
    public string FilesStep => $"{Name}-approle-files";

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        foreach (var step in Steps)
            yield return Child(Tokens.RemoteCommand, step.Name, Name,
                Inputs(("connection.host", Host.Display), ("create", TextDigest.Of(step.Script, TextDigest.Script)),
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
                SecretSource.InitOutput => SecretSourceOf.Resource(InitStep),
                SecretSource.DeployerOutput => SecretSourceOf.Resource(DeployerStep),
                _ => throw new InvalidOperationException($"unknown secret source {source}"),
            })];
        return sources;
    }
}

using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// What a step of the Vault bootstrap does, in the order they run (docs/sources/hoodcloud-two-server-deployment.txt). Components, the command line and the
/// tests find a step by its kind (<see cref="VaultPlan.Step"/>), never by spelling its name; the name derives from it.
/// </summary>
public enum VaultStepKind
{
    /// <summary>Vault's CA and certificate; prints the CA certificate (public).</summary>
    Tls,
    Install,
    /// <summary>Runs once; prints Vault's init answer: the shares and the root token.</summary>
    Init,
    Unseal,
    /// <summary>Runs once, with the root token; prints the deployer identity every later step logs in with.</summary>
    Deployer,
    RevokeRoot,
    Configure,
    /// <summary>One per app, and certbot's: each writes one secret path.</summary>
    Secrets,
    /// <summary>The AppRole credential files on the host (the backup timer's among them).</summary>
    AppRoleFiles,
}

/// <summary>One idempotent remote command of the bootstrap, with its secret inputs (sent on standard input) and options.</summary>
/// <param name="Subject">What a <see cref="VaultStepKind.Secrets"/> step writes for (an app, certbot); null for the others.</param>
public sealed record VaultStep(
    VaultStepKind Kind, string? Subject, string Name, string Script, IReadOnlyDictionary<string, SecretSource> SecretInputs,
    IReadOnlyList<string> DependsOn, ResourcePolicy Policy)
{
    /// <summary>A step's logical name: <c>vault-init</c>, <c>vault-revoke-root</c>, <c>vault-secrets-&lt;app&gt;</c>.</summary>
    public static string NameOf(string component, VaultStepKind kind, string? subject = null) =>
        $"{component}-{Slug(kind)}{(subject is null ? "" : "-" + subject)}";

    private static string Slug(VaultStepKind kind) => kind switch
    {
        VaultStepKind.RevokeRoot => "revoke-root",
        VaultStepKind.AppRoleFiles => "approle-files",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// Who unseals a sealed Vault (after a restart, a reboot, a new version), decided once from the operators' PGP keys:
/// the unseal step itself, with the shares of the init output where they are plain (staging), or the operators, each
/// with their own PGP-encrypted share (production; the step only tells them, README "Vault"). The step's script and its
/// standard input both follow from this one decision: the step reads the init output, and is sent it (the root token
/// with it), only where it unseals with it.
/// </summary>
public sealed record Unsealing(bool ByOperators)
{
    public static Unsealing Of(VaultSettings v) => new(ByOperators: v.PgpKeys.Count > 0);

    /// <summary>The unseal step's standard input: the init output where the step unseals with its shares, nothing otherwise.</summary>
    public IReadOnlyDictionary<string, SecretSource> Inputs => ByOperators
        ? new Dictionary<string, SecretSource>()
        : new Dictionary<string, SecretSource> { [VaultApi.InitInput] = new SecretSource.StepOutput(VaultStepKind.Init) };
}

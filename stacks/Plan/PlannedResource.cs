namespace Platform.Stacks.Plan;

/// <summary>
/// One resource the stack registers: its Pulumi type token and logical name (together they must match
/// what the program registers: the parity test), its parent component, the inputs a reviewer needs to
/// see, which inputs are secret (shown as [secret], never their value), its options, and what it waits for.
/// </summary>
public sealed record PlannedResource(
    string Type,
    string Name,
    string? Parent,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyList<string> SecretInputs,
    ResourcePolicy Policy,
    IReadOnlyList<string> DependsOn)
{
    public bool IsComponent => Type.StartsWith("platform:", StringComparison.Ordinal);
}

/// <summary>The options a resource gets, decided here and applied by the components as they are.</summary>
public sealed record ResourcePolicy(
    bool Protect = false,
    bool RetainOnDelete = false,
    IReadOnlyList<string>? IgnoreChanges = null,
    string? ImportId = null,
    string? ReplacementNote = null,
    bool DeleteBeforeReplace = false)
{
    public static readonly ResourcePolicy None = new();
    public IReadOnlyList<string> IgnoredChanges => IgnoreChanges ?? [];
}

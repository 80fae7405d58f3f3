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

    /// <summary>
    /// Where each secret input's value comes from, so that <c>diff</c> can say whether it changed without ever
    /// seeing it: <c>config:&lt;key&gt;</c> (a <c>secure:</c> value of the stack file) or <c>resource:&lt;name&gt;</c>
    /// (an output of another resource). A secret the resource makes itself (stdout, a random result) has none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SecretSources { get; init; } = NoSources;

    /// <summary>
    /// The inputs whose value is another resource's output (a server's primary IP), by input key: <see cref="Inputs"/>
    /// shows them as review reads them, this says which output the program sends there.
    /// </summary>
    public IReadOnlyDictionary<string, ReferenceInput> References { get; init; } = NoReferences;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoSources = new Dictionary<string, IReadOnlyList<string>>();
    private static readonly IReadOnlyDictionary<string, ReferenceInput> NoReferences = new Dictionary<string, ReferenceInput>();
}

/// <summary>The two kinds of <see cref="PlannedResource.SecretSources"/>.</summary>
public static class SecretSourceOf
{
    public const string ConfigPrefix = "config:";
    public const string ResourcePrefix = "resource:";
    public static string Config(string key) => ConfigPrefix + key;
    public static string Resource(string name) => ResourcePrefix + name;
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

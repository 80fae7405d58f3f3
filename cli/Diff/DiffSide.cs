using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>A text the stack generates and sends as one input: a script, a server's user data, Traefik's chart values.</summary>
public sealed record GeneratedText(string Resource, string Input, string Where, string Text)
{
    /// <summary>Every generated text of the plan: the scripts of <see cref="RemoteCommands.Of"/>, and the gateway's chart values.</summary>
    public static IReadOnlyList<GeneratedText> Of(StackPlan plan) =>
    [
        .. RemoteCommands.Of(plan).Select(s => new GeneratedText(s.Name, s.Input, s.Kind switch
        {
            HostScriptKind.Remote => $"remote command on {s.Host}",
            HostScriptKind.Local => $"local command on {s.Host}",
            _ => $"first-boot user data of {s.Host}",
        }, s.Text)),
        new(plan.Gateway.HelmChartConfigName, "valuesContent", "Traefik chart values (k3s HelmChartConfig)", plan.Gateway.TraefikValues),
    ];
}

/// <summary>
/// One side of a diff: the stack's resources and generated texts as its code plans them, and the digests of
/// its stack file's <c>secure:</c> values. <see cref="Exists"/> is false when the side has no stack file
/// (a stack added or removed), which makes every resource of the other side added or removed.
/// </summary>
public sealed record DiffSide(
    string Label, bool Exists, IReadOnlyList<PlannedResource> Resources, IReadOnlyList<GeneratedText> Texts,
    IReadOnlyDictionary<string, string> SecureDigests)
{
    public static DiffSide Of(string label, StackPlan plan, IReadOnlyDictionary<string, string> secureDigests) =>
        new(label, true, plan.Resources, GeneratedText.Of(plan), secureDigests);

    public static DiffSide Missing(string label) => new(label, false, [], [], new Dictionary<string, string>());
}

namespace Platform.Stacks.Plan;

/// <summary>A component's part of the plan: everything its ComponentResource needs, decided.</summary>
public interface IComponentPlan
{
    /// <summary>The component's type token (<c>platform:&lt;module&gt;:&lt;Name&gt;</c>).</summary>
    string Type { get; }

    /// <summary>The component's logical name; its children's names derive from it.</summary>
    string Name { get; }

    /// <summary>The component itself first, then each child it registers.</summary>
    IEnumerable<PlannedResource> Resources();
}

/// <summary>Short constructors for planned resources, so that component plans read as lists.</summary>
public static class Planned
{
    public static PlannedResource Component(string type, string name, string? parent = null) =>
        new(type, name, parent, new Dictionary<string, string>(), [], ResourcePolicy.None, []);

    public static PlannedResource Child(
        string type, string name, string parent, PlanInputs inputs,
        ResourcePolicy? policy = null, IReadOnlyList<string>? secrets = null, IReadOnlyList<string>? dependsOn = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? secretSources = null) =>
        new(type, name, parent, inputs.Shown, secrets ?? [], policy ?? ResourcePolicy.None, dependsOn ?? [])
        {
            SecretSources = secretSources ?? new Dictionary<string, IReadOnlyList<string>>(),
            References = inputs.References,
        };

    /// <summary>A resource's inputs; a <see cref="ReferenceInput"/> value is shown as review reads it and kept as the reference it is.</summary>
    public static PlanInputs Inputs(params (string Key, object? Value)[] items)
    {
        var present = items.Where(i => i.Value is not null).ToList();
        return new(present.ToDictionary(i => i.Key, i => Format(i.Value!)),
            present.Where(i => i.Value is ReferenceInput).ToDictionary(i => i.Key, i => (ReferenceInput)i.Value!));
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        ReferenceInput r => r.Display,
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>What <see cref="Planned.Inputs"/> builds: every input as the plan shows it, and those that are another resource's output.</summary>
public sealed record PlanInputs(IReadOnlyDictionary<string, string> Shown, IReadOnlyDictionary<string, ReferenceInput> References);

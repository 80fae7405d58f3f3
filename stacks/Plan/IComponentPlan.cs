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
        string type, string name, string parent, IReadOnlyDictionary<string, string> inputs,
        ResourcePolicy? policy = null, IReadOnlyList<string>? secrets = null, IReadOnlyList<string>? dependsOn = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? secretSources = null) =>
        new(type, name, parent, inputs, secrets ?? [], policy ?? ResourcePolicy.None, dependsOn ?? [])
        {
            SecretSources = secretSources ?? new Dictionary<string, IReadOnlyList<string>>(),
        };

    public static Dictionary<string, string> Inputs(params (string Key, object? Value)[] items) =>
        items.Where(i => i.Value is not null).ToDictionary(i => i.Key, i => Format(i.Value!));

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using System.Text.Json;
using Platform.Stacks.Adoption;
using Platform.Stacks.Plan;

namespace Platform.Cli;

/// <summary>The plan as stable JSON (same input, same bytes), for diffs in review; the envelope is <see cref="JsonOutput"/>'s.</summary>
public static class JsonPlan
{
    /// <param name="notices">what to do before the first deployment (<see cref="PendingAdoption.Notices"/>), every one of them.</param>
    public static string Write(StackPlan plan, IReadOnlyList<Notice>? notices = null) => JsonOutput.Write("plan", plan.Stack, CommandLine.Ok, w =>
    {
        WriteTotals(w, plan);
        w.WriteStartArray("resources");
        foreach (var r in plan.Resources)
        {
            w.WriteStartObject();
            w.WriteString("type", r.Type);
            w.WriteString("name", r.Name);
            JsonOutput.StringOrNull(w, "parent", r.Parent);
            w.WriteStartObject("inputs");
            foreach (var (k, v) in r.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal)) w.WriteString(k, v);
            w.WriteEndObject();
            JsonOutput.Strings(w, "secretInputs", r.SecretInputs);
            w.WriteBoolean("protect", r.Policy.Protect);
            w.WriteBoolean("retainOnDelete", r.Policy.RetainOnDelete);
            w.WriteBoolean("deleteBeforeReplace", r.Policy.DeleteBeforeReplace);
            JsonOutput.Strings(w, "ignoreChanges", r.Policy.IgnoredChanges);
            JsonOutput.StringOrNull(w, "importId", r.Policy.ImportId);
            JsonOutput.Strings(w, "dependsOn", r.DependsOn);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("counts");
        foreach (var g in plan.Resources.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
            w.WriteNumber(g.Key, g.Count());
        w.WriteEndObject();
        JsonOutput.Strings(w, "criticalPath", plan.CriticalPath());
        // Each script by its hash: a diff of two plans shows which scripts changed (`scripts STACK DIR` shows how).
        w.WriteStartObject("scripts");
        foreach (var script in RemoteCommands.Of(plan).OrderBy(s => s.Name, StringComparer.Ordinal))
            w.WriteString(script.Name, script.Sha256);
        w.WriteEndObject();
        Notices.WriteJson(w, notices ?? []);
    });

    /// <summary><c>totals</c>: the same numbers on plan and validate (resources, components, protected, to import).</summary>
    public static void WriteTotals(Utf8JsonWriter w, StackPlan plan)
    {
        var totals = PlanTotals.Of(plan);
        w.WriteStartObject("totals");
        w.WriteNumber("resources", totals.Resources);
        w.WriteNumber("components", totals.Components);
        w.WriteNumber("protected", totals.Protected);
        w.WriteNumber("toImport", totals.ToImport);
        w.WriteEndObject();
    }
}

/// <summary>
/// What a plan counts, said once so every verb says the same: custom resources (what a provider creates) apart
/// from the components that group them.
/// </summary>
public sealed record PlanTotals(int Resources, int Components, int Protected, int ToImport)
{
    public static PlanTotals Of(StackPlan plan)
    {
        var custom = plan.Resources.Where(r => !r.IsComponent).ToList();
        return new(custom.Count, plan.Resources.Count - custom.Count, custom.Count(r => r.Policy.Protect), custom.Count(r => r.Policy.ImportId is not null));
    }

    public override string ToString() =>
        $"{Resources} resources in {Components} components ({Protected} protected, {ToImport} to import)";
}

using System.Text;
using System.Text.Json;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cli;

/// <summary>The plan as stable JSON (same input, same bytes), for diffs in review.</summary>
public static class JsonPlan
{
    /// <param name="notices">what to do before the first deployment (<see cref="Adoption.Pending"/>), every one of them.</param>
    public static string Write(StackPlan plan, IReadOnlyList<Notice>? notices = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("stack", plan.Stack);
            w.WriteStartArray("resources");
            foreach (var r in plan.Resources)
            {
                w.WriteStartObject();
                w.WriteString("type", r.Type);
                w.WriteString("name", r.Name);
                if (r.Parent is null) w.WriteNull("parent"); else w.WriteString("parent", r.Parent);
                w.WriteStartObject("inputs");
                foreach (var (k, v) in r.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
                Strings(w, "secretInputs", r.SecretInputs);
                w.WriteBoolean("protect", r.Policy.Protect);
                w.WriteBoolean("retainOnDelete", r.Policy.RetainOnDelete);
                w.WriteBoolean("deleteBeforeReplace", r.Policy.DeleteBeforeReplace);
                Strings(w, "ignoreChanges", r.Policy.IgnoredChanges);
                if (r.Policy.ImportId is null) w.WriteNull("importId"); else w.WriteString("importId", r.Policy.ImportId);
                Strings(w, "dependsOn", r.DependsOn);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("counts");
            foreach (var g in plan.Resources.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
                w.WriteNumber(g.Key, g.Count());
            w.WriteEndObject();
            Strings(w, "criticalPath", plan.CriticalPath());
            // Each script by its hash: a diff of two plans shows which scripts changed (`scripts STACK DIR` shows how).
            w.WriteStartObject("scripts");
            foreach (var script in RemoteCommands.Of(plan).OrderBy(s => s.Name, StringComparer.Ordinal))
                w.WriteString(script.Name, script.Sha256);
            w.WriteEndObject();
            Notices.WriteJson(w, notices ?? []);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}

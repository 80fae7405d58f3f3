using System.Text;
using Platform.Stacks.Plan;

namespace Platform.Cli;

/// <summary>The readable plan: resources grouped by component, key inputs, secrets as [secret], options marked.</summary>
public static class TreePlan
{
    public static string Write(StackPlan plan)
    {
        var sb = new StringBuilder();
        var resources = plan.Resources;
        var children = resources.Where(r => r.Parent is not null).ToLookup(r => r.Parent!);
        var custom = resources.Where(r => !r.IsComponent).ToList();
        sb.AppendLine($"stack {plan.Stack}: {PlanTotals.Of(plan)}");
        sb.AppendLine();
        foreach (var top in resources.Where(r => r.IsComponent && r.Parent is null))
            Node(sb, top, children, "", true, root: true);

        sb.AppendLine();
        sb.AppendLine("resources per type:");
        foreach (var g in custom.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
            sb.AppendLine($"  {g.Count(),4}  {g.Key}");
        var path = plan.CriticalPath();
        sb.AppendLine();
        sb.AppendLine($"critical path ({path.Count} steps): {string.Join(" → ", path)}");
        return sb.ToString();
    }

    private static void Node(StringBuilder sb, PlannedResource r, ILookup<string, PlannedResource> children, string indent, bool last, bool root = false)
    {
        var branch = root ? "" : last ? "└─ " : "├─ ";
        sb.Append(indent).Append(branch).Append(r.Name).Append("  (").Append(r.Type).Append(')').Append(Marks(r.Policy)).AppendLine();
        var inner = root ? "" : indent + (last ? "   " : "│  ");
        var detail = inner + (children[r.Name].Any() ? "│    " : "     ");
        foreach (var (key, value) in r.Inputs)
            sb.Append(detail).Append(key).Append(" = ").AppendLine(InputText.Show(r, key, value));
        foreach (var secret in r.SecretInputs)
            sb.Append(detail).Append(secret).AppendLine(" = [secret]");
        if (r.Policy.IgnoredChanges.Count > 0)
            sb.Append(detail).Append("ignoreChanges = ").AppendLine(string.Join(", ", r.Policy.IgnoredChanges));
        if (r.Policy.ReplacementNote is { } note)
            sb.Append(detail).Append("note: ").AppendLine(note);
        var kids = children[r.Name].ToList();
        for (var i = 0; i < kids.Count; i++)
            Node(sb, kids[i], children, inner, i == kids.Count - 1);
        if (root) sb.AppendLine();
    }

    private static string Marks(ResourcePolicy p)
    {
        var marks = new List<string>();
        if (p.Protect) marks.Add("protected");
        if (p.RetainOnDelete) marks.Add("retained on delete");
        if (p.DeleteBeforeReplace) marks.Add("delete before replace");
        if (p.ImportId is { } id) marks.Add($"import {id}");
        return marks.Count == 0 ? "" : "  [" + string.Join(", ", marks) + "]";
    }
}

using System.Text;
using Platform.Stacks.Plan;

namespace Platform.Cli;

/// <summary>The plan for a pull-request comment: one table row per resource under its component, secrets as [secret].</summary>
public static class MarkdownPlan
{
    public static string Write(StackPlan plan)
    {
        var sb = new StringBuilder($"### plan {plan.Stack}\n\n{PlanTotals.Of(plan)}\n\n");
        sb.AppendLine("| resource | type | inputs | |").AppendLine("|---|---|---|---|");
        foreach (var r in plan.Resources)
        {
            var inputs = r.Inputs.Select(i => $"{i.Key} = {InputText.Show(r, i.Key, i.Value)}")
                .Concat(r.SecretInputs.Select(s => $"{s} = [secret]"));
            var marks = new List<string>();
            if (r.Policy.Protect) marks.Add("protected");
            if (r.Policy.RetainOnDelete) marks.Add("retained on delete");
            if (r.Policy.ImportId is { } id) marks.Add($"import {Markdown.Code(id)}");
            var name = r.IsComponent ? $"**{r.Name}**" : r.Parent is null ? r.Name : $"└ {r.Name}";
            sb.AppendLine($"| {Markdown.Cell(name)} | {Markdown.Cell(r.Type)} | {Markdown.Cell(string.Join("\n", inputs))} | {string.Join(", ", marks)} |");
        }
        sb.AppendLine().AppendLine($"critical path: {string.Join(" → ", plan.CriticalPath())}");
        return sb.ToString();
    }
}

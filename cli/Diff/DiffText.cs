using System.Text;
using Platform.Stacks;

namespace Platform.Cli.Diff;

/// <summary>The diff for a terminal: the summary first (counts, replacements, protected and IC resources, texts, secrets), then every change.</summary>
public static class DiffText
{
    public static string Write(StackDiff d)
    {
        var sb = new StringBuilder();
        sb.Append($"{d.Stack}: the plan at {d.BaseLabel} against {d.HeadLabel}\n");
        if (d.UnplannedCodeWarning is { } warning) sb.Append($"WARNING: {warning}\n");
        foreach (var note in d.Notes) sb.Append($"note: {note}\n");
        if (!d.HasChanges)
            return sb.Append("no change: both plans are the same.\n").ToString();

        sb.Append(Counts(d)).Append('\n');
        Section(sb, "replacements (Pulumi creates the new resource, then deletes the old)",
            d.Replacements.Select(r => $"{r.Name} ({r.Type}): by {string.Join(", ", r.ReplacedBy)}{(r.Refusal is null ? "" : " — REFUSED: " + r.Refusal)}"));
        Section(sb, "protected resources touched",
            d.ProtectedTouched.Select(r => $"{r.Name} ({r.Type}): {ChangeLines.Verb(r)}{(r.Refusal is null ? "" : " — REFUSED: " + r.Refusal)}"));
        Section(sb, $"IC records touched (DNS-only, rule {Rules.IcRecordsDnsOnly.Name})", d.IcRecordsTouched.Select(r => $"{r.Name}: {ChangeLines.Verb(r)}"));
        Section(sb, "scripts and generated texts changed", d.Texts.Select(t => $"{t.Text.Resource} ({t.Text.Input}, {t.Text.Where}): {TextStatus(t)}"));
        Section(sb, "secure values of the stack file (compared by their ciphertexts, never shown)",
            d.StackSecrets.Select(s => $"{s.Key}: [secret {s.Status}]"));
        var unknown = d.Resources.Where(r => r.NotEstablished.Any()).ToList();
        Section(sb, "not established (read pulumi preview)", unknown.Select(r => $"{r.Name}: {string.Join(", ", r.NotEstablished)}"));

        if (d.Resources.Count > 0)
        {
            sb.Append("\nresources:\n");
            foreach (var change in d.Resources)
            {
                foreach (var line in ChangeLines.Of(change)) sb.Append(line).Append('\n');
                sb.Append('\n');
            }
        }
        if (d.Texts.Count > 0)
        {
            sb.Append(d.Resources.Count > 0 ? "" : "\n").Append("generated texts:\n");
            foreach (var t in d.Texts)
                sb.Append($"# {t.Text.Resource} ({t.Text.Input}, {t.Text.Where})\n").Append(t.Diff).Append('\n');
        }
        return sb.ToString();
    }

    public static string Counts(StackDiff d) =>
        $"{d.Count(ChangeKind.Add)} added, {d.Count(ChangeKind.Remove)} removed, {d.Changed} changed, {d.Count(ChangeKind.Replace)} replaced" +
        (d.Count(ChangeKind.Settings) > 0 ? $" ({d.Count(ChangeKind.Settings)} of the changed in their settings only)" : "") +
        $"; {d.Texts.Count} generated text{(d.Texts.Count == 1 ? "" : "s")} changed; {d.StackSecrets.Count} secure value{(d.StackSecrets.Count == 1 ? "" : "s")} changed" +
        (d.Refused.Any() ? $"; {d.Refused.Count()} change{(d.Refused.Count() == 1 ? "" : "s")} pulumi up will refuse" : "");

    public static string TextStatus(TextChange t)
    {
        var (added, removed) = t.Lines;
        var what = t.Base is null ? "new" : t.Head is null ? "removed" : "changed";
        return $"{what}, +{added} -{removed} lines";
    }

    private static void Section(StringBuilder sb, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        sb.Append($"\n{title}:\n");
        foreach (var item in list) sb.Append($"  {item}\n");
    }
}

using System.Text;
using Platform.Stacks.Cli;

namespace Platform.Stacks.Adopt;

/// <summary>The report as seeds/003's pre-cutover checklist reads it, and the same as JSON for machines.</summary>
public static class AdoptionText
{
    private static readonly (AdoptionGroup Group, string Title)[] Sections =
    [
        (AdoptionGroup.Adopt, "adopt: runs today as planned; imported by the first up with this id"),
        (AdoptionGroup.Differs, "differs: runs today but not as planned; the import fails until they match"),
        (AdoptionGroup.Create, "create: planned but not live; the first up creates it"),
        (AdoptionGroup.Extra, "extra: live but neither planned nor unmanaged; review"),
        (AdoptionGroup.Unmanaged, "unmanaged: owned by other systems; left alone"),
    ];

    public static string Write(AdoptionReport r, bool written)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"adopt {r.Stack}: {r.Entries.Count(e => e.Resource is not null)} planned, {r.LiveRecords} live records read");
        foreach (var (group, title) in Sections)
        {
            var items = r.In(group).ToList();
            sb.AppendLine().AppendLine($"{title} ({items.Count})");
            foreach (var e in items)
            {
                var id = e.ImportId is null ? "" : e.ConfigKey is null ? $"  [{e.ImportId}]" : $"  {e.ConfigKey} = {e.ImportId}";
                var state = e.CreatedTwice && e.ImportId is not null ? written ? "  (written)" : "  (missing in the stack file)" : "";
                sb.AppendLine($"  {(e.Outage ? "!" : "-")} {e.Kind} {e.What}{id}{state}");
                foreach (var d in e.Differences)
                    sb.AppendLine($"      {d}");
                if (e.Note is { } note)
                    sb.AppendLine($"      {note}");
            }
        }
        foreach (var n in r.NotChecked)
            sb.AppendLine().Append($"not checked: {n}");
        if (r.NotChecked.Count > 0) sb.AppendLine();

        sb.AppendLine();
        var twice = r.Entries.Count(e => e.CreatedTwice && !(written && e.ImportId is not null && e.ConfigKey is not null));
        var outages = r.Entries.Count(e => e.Outage);
        var stale = r.Entries.Count(e => e.Note == AdoptionReport.Stale);
        var clashes = r.Entries.Count(e => e.Note?.StartsWith(AdoptionReport.Conflict, StringComparison.Ordinal) ?? false);
        sb.AppendLine(r.Blocks(written)
            ? $"not ready for the first pulumi up: {twice} would be created twice, {outages} IC record{(outages == 1 ? "" : "s")} proxied live, {stale} import id{(stale == 1 ? "" : "s")} not live, {clashes} clash{(clashes == 1 ? "" : "es")} with a live record."
            : "no duplicates: nothing would be created twice and no IC record is proxied live. Resolve each 'differs' (Pulumi refuses an import whose inputs differ), review 'extra', then pulumi preview.");
        if (!written && r.ToWrite.Count > 0)
            sb.AppendLine($"run again with --write to fill in {r.ToWrite.Count} import id{(r.ToWrite.Count == 1 ? "" : "s")}.");
        return sb.ToString();
    }

    public static string Json(AdoptionReport r, bool written) =>
        JsonOutput.Write("adopt", r.Stack, r.Blocks(written) ? CommandLine.Problems : CommandLine.Ok, w =>
        {
            w.WriteBoolean("ready", !r.Blocks(written));
            w.WriteBoolean("written", written);
            w.WriteNumber("liveRecords", r.LiveRecords);
            foreach (var (group, _) in Sections)
            {
                w.WriteStartArray(group.ToString().ToLowerInvariant());
                foreach (var e in r.In(group))
                {
                    w.WriteStartObject();
                    w.WriteString("kind", e.Kind);
                    w.WriteString("what", e.What);
                    if (e.Resource is { } res) w.WriteString("resource", res);
                    if (e.ConfigKey is { } key) w.WriteString("configKey", key);
                    if (e.ImportId is { } id) w.WriteString("importId", id);
                    if (e.ConfiguredId is { } configured) w.WriteString("configuredImportId", configured);
                    w.WriteBoolean("createdTwice", CreatedTwice(e, written));
                    w.WriteBoolean("outage", e.Outage);
                    JsonOutput.Strings(w, "differences", e.Differences);
                    if (e.Note is { } note) w.WriteString("note", note);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            JsonOutput.Strings(w, "notChecked", r.NotChecked);
        });

    /// <summary>The report as a Markdown table per group, for a pull request or a ticket.</summary>
    public static string Markdown(AdoptionReport r, bool written)
    {
        var sb = new StringBuilder($"### adopt {r.Stack}: {(r.Blocks(written) ? "not ready" : "ready")}\n\n");
        foreach (var (group, title) in Sections)
        {
            var items = r.In(group).ToList();
            sb.AppendLine($"**{title}** ({items.Count})").AppendLine();
            if (items.Count == 0) continue;
            sb.AppendLine("| | kind | what | import id | differences |").AppendLine("|---|---|---|---|---|");
            foreach (var e in items)
            {
                var id = e.ImportId is null ? "" : e.ConfigKey is null ? Cli.Markdown.Code(e.ImportId) : $"{Cli.Markdown.Code(e.ConfigKey)} = {Cli.Markdown.Code(e.ImportId)}";
                var notes = e.Differences.Concat(e.Note is null ? [] : [e.Note]);
                sb.AppendLine($"| {(e.Outage ? "❗" : CreatedTwice(e, written) ? "⚠" : "")} | {e.Kind} | {Cli.Markdown.Cell(e.What)} | {id} | {Cli.Markdown.Cell(string.Join("\n", notes))} |");
            }
            sb.AppendLine();
        }
        foreach (var n in r.NotChecked)
            sb.AppendLine($"- not checked: {n}");
        return sb.ToString();
    }

    private static bool CreatedTwice(AdoptionEntry e, bool written) =>
        e.CreatedTwice && !(written && e.ImportId is not null && e.ConfigKey is not null);
}

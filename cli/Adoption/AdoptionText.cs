using System.Text;
using Platform.Cli;
using Platform.Stacks.Adoption;

namespace Platform.Cli.Adoption;

/// <summary>The report as the pre-cutover checklist of docs/sources/hello-world-dao-infrastructure.txt reads it, and the same as JSON for machines.</summary>
public static class AdoptionText
{
    private static readonly (AdoptionGroup Group, string Title)[] Sections =
    [
        (AdoptionGroup.Adopt, "adopt: runs today as planned; imported by the first up with this id, and nothing changed after"),
        (AdoptionGroup.Differs, "differs: runs today but not as planned; the first up would change it right after importing it"),
        (AdoptionGroup.Create, "create: planned but not live; the first up creates it"),
        (AdoptionGroup.Extra, "extra: live but managed by no stack of this project; review"),
        (AdoptionGroup.Unmanaged, "unmanaged: owned by other systems or by the project's other stacks; left alone"),
    ];

    /// <param name="written">the ids were written into the stack file by this run.</param>
    /// <param name="cosmeticsWritten">the live comments and TTLs were written too (--live-cosmetics).</param>
    public static string Write(AdoptionReport r, bool written, bool cosmeticsWritten = false)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"adopt {r.Stack}: {r.Entries.Count(e => e.Resource is not null)} planned, {r.LiveRecords} live records read");
        foreach (var (group, title) in Sections)
        {
            var items = r.In(group).ToList();
            sb.AppendLine().AppendLine($"{title} ({items.Count})");
            foreach (var e in items)
            {
                sb.AppendLine($"  {(e.Outage ? "!" : "-")} {e.Kind} {e.What}{Id(e)}{State(e, written, cosmeticsWritten)}");
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
        var twice = r.Entries.Count(e => AdoptionReport.StillCreatedTwice(e, written));
        var outages = r.Entries.Count(e => e.Outage);
        var stale = r.Count(AdoptionBlocker.ImportIdNotLive);
        var clashes = r.Count(AdoptionBlocker.ClashesWithLiveRecord);
        sb.AppendLine(r.Blocks(written)
            ? $"not ready for the first pulumi up: {twice} would be created twice, {outages} IC record{(outages == 1 ? "" : "s")} proxied live, {stale} import id{(stale == 1 ? "" : "s")} not live, {clashes} clash{(clashes == 1 ? "" : "es")} with a live record."
            : "no duplicates: nothing would be created twice and no IC record is proxied live. Resolve each 'differs' (the first up would change it right after the import), review 'extra', then pulumi preview.");
        if (!written && r.ToWrite.Count > 0)
        {
            var ids = r.ToWrite.Count(e => e.IdWrite!.Value != ImportIds.New);
            var created = r.ToWrite.Count - ids;
            sb.AppendLine($"run again with --write to fill in {Count(ids, "import id")}{(created > 0 ? $" and declare {created} to create as '{ImportIds.New}'" : "")}.");
        }
        if (!cosmeticsWritten && r.CosmeticsToWrite.Count > 0)
            sb.AppendLine($"{Count(r.CosmeticsToWrite.Count, "record differs", "records differ")} only in comment or TTL: --write --live-cosmetics takes the live values into the stack file.");
        return sb.ToString();
    }

    private static string Id(AdoptionEntry e) =>
        e.ImportId is { } id ? e.ConfigKey is null ? $"  [{id}]" : $"  {e.ConfigKey} = {id}"
        : e.ToDeclareNew ? $"  {e.ConfigKey} = {ImportIds.New}" : "";

    private static string State(AdoptionEntry e, bool written, bool cosmeticsWritten)
    {
        var states = new List<string>();
        if (e.IdWrite is { } w)
            states.Add(written ? "written" : w.Value == ImportIds.New ? "not declared yet" : "missing in the stack file");
        if (cosmeticsWritten && e.Cosmetics is { Count: > 0 } c)
            states.Add($"{string.Join(" and ", c.Select(x => x.Key[(x.Key.LastIndexOf('.') + 1)..]))} written");
        return states.Count == 0 ? "" : $"  ({string.Join("; ", states)})";
    }

    private static string Count(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";

    public static string Json(AdoptionReport r, bool written, bool cosmeticsWritten = false) =>
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
                    w.WriteBoolean("createdTwice", AdoptionReport.StillCreatedTwice(e, written));
                    w.WriteBoolean("outage", e.Outage);
                    if (e.ToDeclareNew) w.WriteBoolean("declareNew", true);
                    if (e.ManagedBy is { } stack) w.WriteString("managedBy", stack);
                    JsonOutput.Strings(w, "differences", e.Differences);
                    if (e.Cosmetics is { Count: > 0 } cosmetics)
                    {
                        w.WriteStartArray("liveCosmetics");
                        foreach (var c in cosmetics)
                        {
                            w.WriteStartObject();
                            w.WriteString("configKey", c.Key);
                            w.WriteString("value", c.Value);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                        w.WriteBoolean("liveCosmeticsWritten", cosmeticsWritten);
                    }
                    if (e.Note is { } note) w.WriteString("note", note);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            JsonOutput.Strings(w, "notChecked", r.NotChecked);
        });

    /// <summary>The report as a Markdown table per group, for a pull request or a ticket.</summary>
    public static string Markdown(AdoptionReport r, bool written, bool cosmeticsWritten = false)
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
                var id = Id(e).Trim() is { Length: > 0 } shown ? Cli.Markdown.Code(shown) : "";
                var notes = e.Differences.Concat(e.Note is null ? [] : [e.Note]).Concat(e.ManagedBy is { } by ? [$"managed by stack {by}"] : [])
                    .Concat(State(e, written, cosmeticsWritten).Trim() is { Length: > 0 } state ? [state] : []);
                sb.AppendLine($"| {(e.Outage ? "❗" : AdoptionReport.StillCreatedTwice(e, written) ? "⚠" : "")} | {e.Kind} | {Cli.Markdown.Cell(e.What)} | {id} | {Cli.Markdown.Cell(string.Join("\n", notes))} |");
            }
            sb.AppendLine();
        }
        foreach (var n in r.NotChecked)
            sb.AppendLine($"- not checked: {n}");
        return sb.ToString();
    }
}

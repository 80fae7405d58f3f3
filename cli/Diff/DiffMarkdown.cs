using System.Net;
using System.Text;
using Platform.Stacks;

namespace Platform.Cli.Diff;

/// <summary>
/// The diff as the pull-request comment (one per stack, updated in place: its first line is the marker
/// <c>&lt;!-- platform-diff: STACK --&gt;</c> the workflow finds it by). Above the fold: counts, replacements,
/// protected resources, IC records, scripts and secure values changed; then, collapsed, every change input by
/// input and every text's unified diff. Everything the change's author wrote (names, values, scripts) is in a
/// code span or a fenced block, so it can neither format nor hide the comment.
/// </summary>
public static class DiffMarkdown
{
    /// <summary>
    /// GitHub refuses a comment body over 65,536 characters. Counted here in UTF-8 bytes (never fewer than
    /// characters), so a body that fits here fits there; what does not fit is cut and the comment says so.
    /// </summary>
    public const int Limit = 65_536;

    /// <summary>Items per list above the fold; the rest are in the details.</summary>
    private const int ListCap = 25;

    public static string Marker(string stack) => $"<!-- platform-diff: {stack} -->";

    /// <param name="wholeDiff">How to get the whole diff when the comment is cut (the command to run).</param>
    public static string Write(StackDiff d, string wholeDiff, int limit = Limit)
    {
        if (!d.HasChanges)
            return NoChange(d);

        var resources = d.Resources.Select(r => string.Join("\n", ChangeLines.Of(r)) + "\n\n").ToList();
        var texts = d.Texts.Select(TextBlock).ToList();
        var keptResources = resources.Count;
        var droppedTexts = new HashSet<int>();
        string Render() => Header(d, wholeDiff, keptResources, droppedTexts) + Details(resources, keptResources, d.Resources.Count)
                           + string.Concat(texts.Where((_, i) => !droppedTexts.Contains(i)));

        var body = Render();
        // Cut the largest unified diffs first (the reviewer keeps every resource change), then resources from the end.
        foreach (var i in texts.Select((t, i) => (t, i)).OrderByDescending(x => Bytes(x.t)).Select(x => x.i))
        {
            if (Bytes(body) <= limit) break;
            droppedTexts.Add(i);
            body = Render();
        }
        while (Bytes(body) > limit && keptResources > 0)
        {
            // Jump close to the size that fits, then step: the header grows a little with what it names as cut.
            var excess = Bytes(body) - limit;
            var drop = 1;
            for (var freed = 0; keptResources - drop > 0 && freed + Bytes(resources[keptResources - drop]) < excess; drop++)
                freed += Bytes(resources[keptResources - drop]);
            keptResources -= Math.Min(drop, keptResources);
            body = Render();
        }
        return body;
    }

    private static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);

    private static string NoChange(StackDiff d)
    {
        var sb = new StringBuilder(Marker(d.Stack)).Append('\n');
        sb.Append($"### Plan diff of {Code(d.Stack)}: no change\n\n");
        Unplanned(sb, d);
        sb.Append($"The plan at {Code(d.BaseLabel)} and at {Code(d.HeadLabel)} are the same: nothing to create, change or delete.\n");
        foreach (var note in d.Notes) sb.Append($"\n> {Escape(note)}\n");
        return sb.ToString();
    }

    private static string Header(StackDiff d, string wholeDiff, int keptResources, HashSet<int> droppedTexts)
    {
        var sb = new StringBuilder(Marker(d.Stack)).Append('\n');
        sb.Append($"### Plan diff of {Code(d.Stack)}: {d.Count(ChangeKind.Add)} added · {d.Count(ChangeKind.Remove)} removed · " +
                  $"{d.Changed} changed · {d.Count(ChangeKind.Replace)} replaced\n\n");
        Unplanned(sb, d);
        sb.Append($"The plan at {Code(d.BaseLabel)} against {Code(d.HeadLabel)}, computed offline from the stack files and the program " +
                  "(no credentials). What `pulumi up` does about each input comes from the providers' sources at the pinned versions.\n\n");
        sb.Append("| added | removed | changed | replaced | scripts and texts changed | secure values changed |\n|---:|---:|---:|---:|---:|---:|\n");
        sb.Append($"| {d.Count(ChangeKind.Add)} | {d.Count(ChangeKind.Remove)} | {d.Changed} | {d.Count(ChangeKind.Replace)} | {d.Texts.Count} | {d.StackSecrets.Count} |\n\n");
        foreach (var note in d.Notes) sb.Append($"> {Escape(note)}\n\n");

        var refused = d.Refused.ToList();
        if (refused.Count > 0)
        {
            sb.Append($"> [!CAUTION]\n> `pulumi up` will refuse {refused.Count} change{(refused.Count == 1 ? "" : "s")} of this diff:\n");
            foreach (var r in refused.Take(ListCap)) sb.Append($"> - {Code(r.Name)}: {Escape(r.Refusal!)}\n");
            if (refused.Count > ListCap) sb.Append($"> - … and {refused.Count - ListCap} more\n");
            sb.Append('\n');
        }

        var cut = Cut(d, wholeDiff, keptResources, droppedTexts);
        if (cut is not null) sb.Append($"> [!WARNING]\n> {cut}\n\n");

        List(sb, "Replacements", "Pulumi creates the new resource, then deletes the old",
            d.Replacements.Select(r => $"{Code(r.Name)} ({Code(r.Type)}) by {string.Join(", ", r.ReplacedBy.Select(Code))}{Refused(r)}"));
        List(sb, "Protected resources touched", null, d.ProtectedTouched.Select(r => $"{Code(r.Name)} ({Code(r.Type)}): {Escape(ChangeLines.Verb(r))}{Refused(r)}"));
        List(sb, "IC records touched", $"DNS-only, rule {Rules.IcRecordsDnsOnly.Name}", d.IcRecordsTouched.Select(r => $"{Code(r.Name)}: {Escape(ChangeLines.Verb(r))}"));
        List(sb, "Scripts and generated texts changed", null,
            d.Texts.Select(t => $"{Code(t.Text.Resource)} ({Code(t.Text.Input)}, {Escape(t.Text.Where)}): {Escape(DiffText.TextStatus(t))}"));
        List(sb, "Secure values of the stack file changed", "compared by their ciphertexts, never shown",
            d.StackSecrets.Select(s => $"{Code(s.Key)}: [secret {s.Status}]"));
        var unknown = d.Resources.Where(r => r.NotEstablished.Any()).ToList();
        if (unknown.Count > 0)
            List(sb, "Not established", "whether these inputs update or replace: read `pulumi preview`",
                unknown.Select(r => $"{Code(r.Name)}: {string.Join(", ", r.NotEstablished.Select(Code))}"));
        return sb.ToString();
    }

    /// <summary>Above the fold: the program's code changed, which no plan diff can show.</summary>
    private static void Unplanned(StringBuilder sb, StackDiff d)
    {
        if (d.UnplannedCodeWarning is { } warning)
            sb.Append($"> [!WARNING]\n> {Escape(char.ToUpperInvariant(warning[0]) + warning[1..])}\n\n");
    }

    private static string Refused(ResourceChange r) => r.Refusal is null ? "" : " — **`pulumi up` will refuse it** (protected)";

    /// <summary>What was cut and how to get the whole diff, or null when nothing was.</summary>
    private static string? Cut(StackDiff d, string wholeDiff, int keptResources, HashSet<int> droppedTexts)
    {
        if (keptResources == d.Resources.Count && droppedTexts.Count == 0) return null;
        var parts = new List<string>();
        if (droppedTexts.Count > 0)
            parts.Add($"the unified diffs of {droppedTexts.Count} text{(droppedTexts.Count == 1 ? "" : "s")} ({Names(droppedTexts.Order().Select(i => d.Texts[i].Text.Resource))})");
        if (keptResources < d.Resources.Count)
            parts.Add($"the input-by-input changes of {d.Resources.Count - keptResources} resource{(d.Resources.Count - keptResources == 1 ? "" : "s")} " +
                      $"({Names(d.Resources.Skip(keptResources).Select(r => r.Name))})");
        return $"This comment is cut to fit GitHub's limit of {Limit:N0} characters: it does not show {string.Join(" and ", parts)}. " +
               $"The counts above cover every resource. The whole diff: {Code(wholeDiff)}.";
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return string.Join(", ", list.Take(10).Select(Code)) + (list.Count > 10 ? $" and {list.Count - 10} more" : "");
    }

    private static void List(StringBuilder sb, string title, string? why, IEnumerable<string> items)
    {
        var list = items.ToList();
        sb.Append($"**{title}**{(why is null ? "" : $" ({why})")}:");
        if (list.Count == 0) { sb.Append(" none\n\n"); return; }
        sb.Append('\n');
        foreach (var item in list.Take(ListCap)) sb.Append($"- {item}\n");
        if (list.Count > ListCap) sb.Append($"- … and {list.Count - ListCap} more in the details below\n");
        sb.Append('\n');
    }

    private static string Details(List<string> resources, int kept, int total)
    {
        if (total == 0) return "";
        var content = string.Concat(resources.Take(kept)) + (kept < total ? $"… {total - kept} more resource changes cut (see the note above)\n" : "");
        return $"<details><summary>Every resource change, input by input ({total})</summary>\n\n{Fenced("diff", content)}\n</details>\n\n";
    }

    private static string TextBlock(TextChange t) =>
        $"<details><summary>Unified diff of <code>{WebUtility.HtmlEncode(t.Text.Resource)}</code> ({WebUtility.HtmlEncode(t.Text.Input)}, " +
        $"{WebUtility.HtmlEncode(t.Text.Where)}): {WebUtility.HtmlEncode(DiffText.TextStatus(t))}</summary>\n\n{Fenced("diff", t.Diff)}\n</details>\n\n";

    /// <summary>A fenced block whose fence is longer than any run of backticks in the content, so the content cannot close it.</summary>
    private static string Fenced(string info, string content)
    {
        var fence = new string('`', Math.Max(3, LongestRun(content, '`') + 1));
        return $"{fence}{info}\n{content}{(content.EndsWith('\n') ? "" : "\n")}{fence}\n";
    }

    /// <summary>An inline code span that no backtick in the value can close; line breaks become spaces.</summary>
    public static string Code(string value)
    {
        var text = value.Replace('\n', ' ').Replace('\r', ' ');
        var ticks = new string('`', LongestRun(text, '`') + 1);
        var pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return $"{ticks}{pad}{text}{pad}{ticks}";
    }

    /// <summary>Plain text written by the program (never the change's values): markdown and HTML characters escaped.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Replace('\n', ' '))
        {
            if ("\\`*_[]<>|#!~".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text) { run = ch == c ? run + 1 : 0; longest = Math.Max(longest, run); }
        return longest;
    }
}

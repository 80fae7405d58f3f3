using System.Text.Json;

namespace Platform.Stacks.Adoption;

/// <summary>
/// How notices are shown: one line per kind (`31 resources run today without an import id: run adopt …`), the
/// list under it only when asked (`--verbose`), and every notice in JSON. Thirty-one copies of the same hint
/// before a plan hide the plan; a count and the one thing to do do not.
/// </summary>
public static class Notices
{
    /// <summary>The command line's lines: <c>notice: …</c> per kind, and with <paramref name="verbose"/> each notice under it.</summary>
    public static IEnumerable<string> Lines(string stack, IReadOnlyList<Notice> notices, bool verbose)
    {
        foreach (var (summary, items) in Summaries(stack, notices))
        {
            yield return $"notice: {summary}{(verbose ? "" : " (--verbose lists them)")}";
            if (verbose)
                foreach (var n in items)
                    yield return $"  - {n}";
        }
    }

    /// <summary>One sentence per kind, with the notices it sums up.</summary>
    public static IEnumerable<(string Summary, IReadOnlyList<Notice> Items)> Summaries(string stack, IReadOnlyList<Notice> notices) =>
        notices.GroupBy(n => n.Kind).Select(kind => (Summary(stack, kind.Key, kind.ToList()), (IReadOnlyList<Notice>)kind.ToList()));

    /// <summary>Writes <c>"notices": [{kind, configKey, message}, …]</c>, every notice of every kind.</summary>
    public static void WriteJson(Utf8JsonWriter w, IReadOnlyList<Notice> notices)
    {
        w.WriteStartArray("notices");
        foreach (var n in notices)
        {
            w.WriteStartObject();
            w.WriteString("kind", n.Kind);
            w.WriteString("configKey", n.Key);
            w.WriteString("message", n.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string Summary(string stack, string kind, IReadOnlyList<Notice> items) => kind switch
    {
        PendingAdoption.ImportKind =>
            $"{Count(items.Count, "resource runs", "resources run")} today without an import id: the first pulumi up would create {(items.Count == 1 ? "it" : "them")} a second time. " +
            $"Run `./platform adopt {stack} --cloudflare … --hcloud …` to fill the ids in (README, \"Before the first pulumi up\"), " +
            $"or set the import id to '{ImportIds.New}' for one that does not run yet.",
        PendingAdoption.PlaceholderKind =>
            $"{Count(items.Count, "Vault PGP key is a placeholder", "Vault PGP keys are placeholders")} ({Indexed(items.Select(n => n.Key).ToList())}): " +
            "shares encrypted to them could never be decrypted, so vault-init refuses to run; put each operator's own key there before the first pulumi up (README, \"Operators' PGP keys (production)\").",
        _ => $"{items.Count} × {kind}",
    };

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    /// <summary><c>a.keys[0], a.keys[3]</c> as <c>a.keys[0,3]</c>: one line stays one line.</summary>
    private static string Indexed(IReadOnlyList<string> keys)
    {
        var list = keys[0].LastIndexOf('[') is var at and > 0 ? keys[0][..at] : null;
        return list is not null && keys.All(k => k.StartsWith(list + "[", StringComparison.Ordinal) && k.EndsWith(']'))
            ? $"{list}[{string.Join(",", keys.Select(k => k[(list.Length + 1)..^1]))}]"
            : string.Join(", ", keys);
    }
}

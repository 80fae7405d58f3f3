using System.Text;

namespace Platform.Cli.Diff;

/// <summary>
/// A unified diff of two texts (the format of <c>diff -u</c> and <c>git diff</c>: <c>---</c>/<c>+++</c> headers,
/// <c>@@ -a,b +c,d @@</c> hunks with three lines of context), from a longest common subsequence of lines.
/// Scripts here are a few hundred lines, so the quadratic table is small; past <see cref="MaxCells"/> the
/// whole old text is shown removed and the new one added, which is still every changed line.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;
    private const long MaxCells = 16_000_000;

    /// <summary>The diff, or "" when the texts are equal. A null side is an absent file (/dev/null).</summary>
    public static string Of(string? oldText, string? newText, string oldName, string newName)
    {
        if (oldText == newText) return "";
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = Edits(a, b);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(oldText is null ? "/dev/null" : oldName).Append('\n');
        sb.Append("+++ ").Append(newText is null ? "/dev/null" : newName).Append('\n');
        foreach (var hunk in Hunks(edits))
            Write(sb, hunk, a, b);
        return sb.ToString();
    }

    /// <summary>Lines added and removed, for a summary ("+3 −1").</summary>
    public static (int Added, int Removed) Count(string diff)
    {
        int added = 0, removed = 0;
        foreach (var line in diff.Split('\n'))
        {
            if (line.StartsWith("+++ ", StringComparison.Ordinal) || line.StartsWith("--- ", StringComparison.Ordinal)) continue;
            if (line.StartsWith('+')) added++;
            else if (line.StartsWith('-')) removed++;
        }
        return (added, removed);
    }

    private readonly record struct Line(string Text, bool NoNewline);

    private static List<Line> Lines(string? text)
    {
        var lines = new List<Line>();
        if (string.IsNullOrEmpty(text)) return lines;
        var parts = text.Split('\n');
        var last = text.EndsWith('\n') ? parts.Length - 1 : parts.Length;
        for (var i = 0; i < last; i++)
            lines.Add(new Line(parts[i], !text.EndsWith('\n') && i == last - 1));
        return lines;
    }

    private enum Op { Keep, Remove, Add }

    private readonly record struct Edit(Op Op, int A, int B);

    private static List<Edit> Edits(List<Line> a, List<Line> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;

        var edits = new List<Edit>();
        for (var i = 0; i < prefix; i++) edits.Add(new(Op.Keep, i, i));
        if ((long)(n + 1) * (m + 1) > MaxCells)
        {
            for (var i = 0; i < n; i++) edits.Add(new(Op.Remove, prefix + i, -1));
            for (var j = 0; j < m; j++) edits.Add(new(Op.Add, -1, prefix + j));
        }
        else
        {
            // lcs[i, j]: the longest common subsequence of a[prefix+i..] and b[prefix+j..] (the middle only).
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
                for (var j = m - 1; j >= 0; j--)
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y]) { edits.Add(new(Op.Keep, prefix + x, prefix + y)); x++; y++; }
                else if (y < m && (x == n || lcs[x, y + 1] > lcs[x + 1, y])) { edits.Add(new(Op.Add, -1, prefix + y)); y++; }
                else { edits.Add(new(Op.Remove, prefix + x, -1)); x++; }
            }
        }
        for (var i = 0; i < suffix; i++) edits.Add(new(Op.Keep, a.Count - suffix + i, b.Count - suffix + i));
        return edits;
    }

    /// <summary>Ranges of the edit list, each a change with up to three kept lines around it; close changes share a hunk.</summary>
    private static IEnumerable<List<Edit>> Hunks(List<Edit> edits)
    {
        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Op != Op.Keep).Select(x => x.i).ToList();
        var start = 0;
        while (start < changed.Count)
        {
            var end = start;
            while (end + 1 < changed.Count && changed[end + 1] - changed[end] - 1 <= 2 * Context) end++; // contexts that touch share a hunk, as in diff -u
            var from = Math.Max(0, changed[start] - Context);
            var to = Math.Min(edits.Count - 1, changed[end] + Context);
            yield return edits.GetRange(from, to - from + 1);
            start = end + 1;
        }
    }

    private static void Write(StringBuilder sb, List<Edit> hunk, List<Line> a, List<Line> b)
    {
        var oldLines = hunk.Where(e => e.Op != Op.Add).ToList();
        var newLines = hunk.Where(e => e.Op != Op.Remove).ToList();
        // diff -u numbers lines from 1; a side with no line in the hunk is an empty file here (0,0).
        static string Range(List<Edit> lines, Func<Edit, int> at) =>
            lines.Count == 0 ? "0,0" : lines.Count == 1 ? $"{at(lines[0]) + 1}" : $"{at(lines[0]) + 1},{lines.Count}";
        sb.Append("@@ -").Append(Range(oldLines, e => e.A)).Append(" +").Append(Range(newLines, e => e.B)).Append(" @@\n");
        foreach (var e in hunk)
        {
            var line = e.Op == Op.Add ? b[e.B] : a[e.A];
            sb.Append(e.Op switch { Op.Keep => ' ', Op.Remove => '-', _ => '+' }).Append(line.Text).Append('\n');
            if (line.NoNewline) sb.Append("\\ No newline at end of file\n");
        }
    }
}

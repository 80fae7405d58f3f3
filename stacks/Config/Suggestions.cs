namespace Platform.Stacks.Config;

/// <summary>
/// "Did you mean …?" for a misspelled verb, option or stack name. System.CommandLine 2.0.15 has typo corrections
/// of its own (ParseErrorAction.ShowTypoCorrections), but they write to standard output, exit 1, cover only the
/// verbs and options of the command that parsed, and know nothing of stack names, which are arguments; so the
/// command line asks this one place instead, for all three.
/// </summary>
public static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="typed"/>, when one is close enough to be what was meant.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var list = candidates.Distinct().ToList();
        var lower = typed.ToLowerInvariant();
        var prefixed = list.Where(c => lower.Length >= 3 && c.TrimStart('-').StartsWith(lower.TrimStart('-'), StringComparison.OrdinalIgnoreCase)).ToList();
        if (prefixed.Count == 1)
            return prefixed[0];
        var limit = Math.Clamp(typed.TrimStart('-').Length / 3, 1, 3);
        return list.Select(c => (Candidate: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>" Did you mean 'x'?", or nothing.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } c ? $" Did you mean '{c}'?" : "";

    /// <summary>Edit distance where swapping two neighbouring letters is one edit (plna → plan), not two.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}

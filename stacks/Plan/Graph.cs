namespace Platform.Stacks.Plan;

/// <summary>The deployment graph of a plan (explicit dependencies between resources).</summary>
public static class Graph
{
    /// <summary>The longest dependency chain, first resource first. Linear in resources + edges.</summary>
    public static IReadOnlyList<string> CriticalPath(IReadOnlyList<PlannedResource> resources)
    {
        var byName = new Dictionary<string, PlannedResource>(StringComparer.Ordinal);
        foreach (var r in resources.Where(r => !r.IsComponent))
            byName.TryAdd(r.Name, r);
        var depth = new Dictionary<string, (int Length, string? Previous)>(StringComparer.Ordinal);

        (int Length, string? Previous) Visit(string name, HashSet<string> onPath)
        {
            if (depth.TryGetValue(name, out var known)) return known;
            if (!onPath.Add(name)) throw new InvalidOperationException($"dependency cycle through '{name}'");
            var best = (Length: 1, Previous: (string?)null);
            foreach (var dep in byName[name].DependsOn.Where(byName.ContainsKey))
            {
                var d = Visit(dep, onPath);
                if (d.Length + 1 > best.Length) best = (d.Length + 1, dep);
            }
            onPath.Remove(name);
            return depth[name] = best;
        }

        string? end = null;
        var longest = 0;
        foreach (var name in byName.Keys)
        {
            var (length, _) = Visit(name, []);
            if (length > longest) (longest, end) = (length, name);
        }
        var path = new List<string>();
        for (var at = end; at is not null; at = depth[at].Previous) path.Add(at);
        path.Reverse();
        return path;
    }

    /// <summary>Dependencies that name no planned resource: a planning bug, reported by the tests.</summary>
    public static IEnumerable<(string Resource, string Missing)> DanglingDependencies(IReadOnlyList<PlannedResource> resources)
    {
        var names = resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return resources.SelectMany(r => r.DependsOn.Where(d => !names.Contains(d)).Select(d => (r.Name, d)));
    }
}

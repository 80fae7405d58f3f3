using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>
/// Compares two plans of a stack resource by resource, as Pulumi would see them: a resource is its type and
/// logical name; its URN also carries its parents' types, so a move to a parent of another type is a new
/// resource to Pulumi (the components declare no aliases). What each input change does comes from
/// <see cref="ProviderBehaviour"/>; secrets are compared by the digests of their sources, never read.
/// </summary>
public static class PlanDiff
{
    public static StackDiff Compare(string stack, DiffSide @base, DiffSide head, IReadOnlyList<string>? notes = null, IReadOnlyList<string>? programCode = null)
    {
        var baseByKey = @base.Resources.ToDictionary(Key);
        var headByKey = head.Resources.ToDictionary(Key);
        var baseUrns = QualifiedTypes(@base.Resources);
        var headUrns = QualifiedTypes(head.Resources);

        // First the inputs alone; then secrets, which change when a resource they come from is replaced,
        // until nothing moves (a chain: a new random value → its Kubernetes Secret → …).
        var kinds = new Dictionary<string, ChangeKind>();
        Dictionary<(string, string), ResourceChange> changes = [];
        for (var pass = 0; pass < 1 + head.Resources.Count; pass++)
        {
            changes = [];
            foreach (var h in head.Resources)
            {
                var change = baseByKey.TryGetValue(Key(h), out var b)
                    ? Matched(b, h, baseUrns[Key(b)] != headUrns[Key(h)], @base, head, kinds)
                    : Added(h);
                if (change is not null) changes[Key(h)] = change;
            }
            foreach (var b in @base.Resources.Where(b => !headByKey.ContainsKey(Key(b))))
                changes[Key(b)] = Removed(b);
            // By name, as secret sources name their producer; a name whose type changed is the head's (new) resource.
            var next = changes.Values.OrderBy(c => c.Head is null ? 1 : 0).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Kind);
            if (next.Count == kinds.Count && next.All(k => kinds.TryGetValue(k.Key, out var v) && v == k.Value)) break;
            kinds = next;
        }

        var ordered = head.Resources.Select(Key).Concat(@base.Resources.Where(b => !headByKey.ContainsKey(Key(b))).Select(Key))
            .Where(changes.ContainsKey).Select(k => changes[k]).ToList();
        return new StackDiff(stack, @base.Label, head.Label, ordered, Texts(@base, head), StackSecrets(@base, head), notes ?? [], programCode);
    }

    private static (string Type, string Name) Key(PlannedResource r) => (r.Type, r.Name);

    /// <summary>What Pulumi puts in a URN besides the name: the types of the parents, then the resource's type.</summary>
    private static Dictionary<(string, string), string> QualifiedTypes(IReadOnlyList<PlannedResource> resources)
    {
        var components = resources.Where(r => r.IsComponent).GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First());
        string Qualified(PlannedResource r, int depth) =>
            r.Parent is { } p && depth < 32 && components.TryGetValue(p, out var parent) ? $"{Qualified(parent, depth + 1)}${r.Type}" : r.Type;
        return resources.ToDictionary(Key, r => Qualified(r, 0));
    }

    private static ResourceChange Added(PlannedResource h) =>
        new(ChangeKind.Add, h.Type, h.Name, null, h,
            [.. h.Inputs.Select(i => new InputChange(i.Key, null, i.Value, ProviderBehaviour.Of(h.Type, i.Key), false))],
            [.. h.SecretInputs.Select(s => new SecretChange(s, SecretStatus.New, null, null, false))],
            null, false, null, null, null, null);

    private static ResourceChange Removed(PlannedResource b) =>
        new(ChangeKind.Remove, b.Type, b.Name, b, null, [], [], null, false, null, null, null, null);

    private static ResourceChange? Matched(PlannedResource b, PlannedResource h, bool newUrn, DiffSide @base, DiffSide head,
        IReadOnlyDictionary<string, ChangeKind> kinds)
    {
        var ignored = h.Policy.IgnoredChanges;
        var inputs = b.Inputs.Keys.Union(h.Inputs.Keys.Except(b.Inputs.Keys))
            .Where(k => b.Inputs.GetValueOrDefault(k) != h.Inputs.GetValueOrDefault(k))
            .Select(k =>
            {
                var behaviour = ProviderBehaviour.Of(h.Type, k);
                return new InputChange(k, b.Inputs.GetValueOrDefault(k), h.Inputs.GetValueOrDefault(k), behaviour, IsIgnored(k, behaviour, ignored));
            })
            .ToList();
        var secrets = b.SecretInputs.Union(h.SecretInputs)
            .Select(s => Secret(s, b, h, @base, head, kinds))
            .Where(s => s is not null).Select(s => s!).ToList();

        var parent = b.Parent != h.Parent ? new Changed<string?>(b.Parent, h.Parent) : null;
        var import = b.Policy.ImportId != h.Policy.ImportId ? new Changed<string?>(b.Policy.ImportId, h.Policy.ImportId) : null;
        var protect = b.Policy.Protect != h.Policy.Protect ? new Changed<bool>(b.Policy.Protect, h.Policy.Protect) : null;
        var retain = b.Policy.RetainOnDelete != h.Policy.RetainOnDelete ? new Changed<bool>(b.Policy.RetainOnDelete, h.Policy.RetainOnDelete) : null;
        var ignoreChanges = !b.Policy.IgnoredChanges.SequenceEqual(h.Policy.IgnoredChanges)
            ? new Changed<string>(string.Join(", ", b.Policy.IgnoredChanges), string.Join(", ", h.Policy.IgnoredChanges)) : null;

        var effects = inputs.Select(i => i.Effect).Concat(secrets.Where(s => s.Status is SecretStatus.Changed or SecretStatus.MayChange).Select(s => s.Effect)).ToList();
        var changedSecrets = secrets.Any(s => s.Status != SecretStatus.Unchanged);
        if (inputs.Count == 0 && !changedSecrets && parent is null && import is null && protect is null && retain is null && ignoreChanges is null)
            return null;

        var kind = newUrn || effects.Contains(Effect.Replace) ? ChangeKind.Replace
            : effects.Any(e => e is Effect.Update or null) ? ChangeKind.Update
            : ChangeKind.Settings;
        // A replaced resource makes new values of its own secret outputs (a random password, a command's stdout).
        if (kind == ChangeKind.Replace)
            secrets = [.. secrets.Select(s => s.Status == SecretStatus.Unchanged && !h.SecretSources.ContainsKey(s.Key) ? s with { Status = SecretStatus.Changed } : s)];
        return new ResourceChange(kind, h.Type, h.Name, b, h, inputs, secrets, parent, newUrn, import, protect, retain, ignoreChanges);
    }

    /// <summary>
    /// Pulumi drops an ignored property's change before asking the provider (the engine's ignoreChanges), so
    /// neither a replacement nor an update follows. A plan key is ignored when it or the provider field it is
    /// (<c>version</c> is in <c>create</c>) lies under an ignored path.
    /// </summary>
    private static bool IsIgnored(string key, FieldBehaviour? behaviour, IReadOnlyList<string> ignored) =>
        ignored.Any(path => Under(key, path) || (behaviour is not null && Under(behaviour.Field, path)));

    private static bool Under(string key, string path) => key == path || key.StartsWith(path + ".", StringComparison.Ordinal);

    /// <summary>
    /// A secret input's status, from the digests of where it comes from: a stack file's ciphertext, or another
    /// resource's output (new when that resource is added or replaced, perhaps new when it runs again). A secret
    /// the resource makes itself is listed only when it changes (see the replacement rule in Matched).
    /// </summary>
    private static SecretChange? Secret(string key, PlannedResource b, PlannedResource h, DiffSide @base, DiffSide head,
        IReadOnlyDictionary<string, ChangeKind> kinds)
    {
        var baseSources = b.SecretSources.GetValueOrDefault(key) ?? [];
        var headSources = h.SecretSources.GetValueOrDefault(key) ?? [];
        var behaviour = ProviderBehaviour.Of(h.Type, key);
        var ignoredHere = IsIgnored(key, behaviour, h.Policy.IgnoredChanges);
        if (!b.SecretInputs.Contains(key) || !h.SecretInputs.Contains(key))
            return new SecretChange(key, SecretStatus.Changed, null, behaviour, ignoredHere);
        if (baseSources.Count == 0 && headSources.Count == 0)
            return new SecretChange(key, SecretStatus.Unchanged, null, behaviour, ignoredHere);

        var changed = !baseSources.Order(StringComparer.Ordinal).SequenceEqual(headSources.Order(StringComparer.Ordinal))
            || headSources.Where(s => s.StartsWith(SecretSourceOf.ConfigPrefix, StringComparison.Ordinal))
                .Select(s => s[SecretSourceOf.ConfigPrefix.Length..])
                .Any(k => @base.SecureDigests.GetValueOrDefault(k) != head.SecureDigests.GetValueOrDefault(k));
        var producers = headSources.Where(s => s.StartsWith(SecretSourceOf.ResourcePrefix, StringComparison.Ordinal))
            .Select(s => s[SecretSourceOf.ResourcePrefix.Length..]).ToList();
        if (!changed && producers.Any(p => kinds.TryGetValue(p, out var k) && k is ChangeKind.Add or ChangeKind.Replace))
            changed = true;
        if (changed)
            return new SecretChange(key, SecretStatus.Changed, null, behaviour, ignoredHere);
        var rerun = producers.FirstOrDefault(p => kinds.TryGetValue(p, out var k) && k == ChangeKind.Update
            && head.Resources.FirstOrDefault(r => r.Name == p)?.Type is Tokens.RemoteCommand or Tokens.LocalCommand);
        return new SecretChange(key, rerun is null ? SecretStatus.Unchanged : SecretStatus.MayChange, rerun, behaviour, ignoredHere);
    }

    private static List<TextChange> Texts(DiffSide @base, DiffSide head)
    {
        var baseTexts = @base.Texts.ToDictionary(t => (t.Resource, t.Input));
        var headKeys = head.Texts.Select(t => (t.Resource, t.Input)).ToHashSet();
        var changes = new List<TextChange>();
        foreach (var h in head.Texts)
        {
            var b = baseTexts.GetValueOrDefault((h.Resource, h.Input));
            if (b?.Text == h.Text) continue;
            changes.Add(new TextChange(b, h, UnifiedDiff.Of(b?.Text, h.Text, $"a/{h.Resource}", $"b/{h.Resource}")));
        }
        foreach (var b in @base.Texts.Where(t => !headKeys.Contains((t.Resource, t.Input))))
            changes.Add(new TextChange(b, null, UnifiedDiff.Of(b.Text, null, $"a/{b.Resource}", $"b/{b.Resource}")));
        return changes;
    }

    private static List<StackSecretChange> StackSecrets(DiffSide @base, DiffSide head) =>
        [.. @base.SecureDigests.Keys.Union(head.SecureDigests.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, b: @base.SecureDigests.GetValueOrDefault(k), h: head.SecureDigests.GetValueOrDefault(k)))
            .Where(x => x.b != x.h)
            .Select(x => new StackSecretChange(x.k, x.b is null ? "added" : x.h is null ? "removed" : "changed"))];
}

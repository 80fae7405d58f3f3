using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>
/// One resource's change as lines of a diff: the text output prints them, the markdown puts them in a
/// <c>diff</c> block (GitHub colours the lines that start with - and +). Every changed input in full, old then
/// new, with what the provider does about it; secrets only as [secret changed] / [secret unchanged].
/// </summary>
public static class ChangeLines
{
    public static IEnumerable<string> Of(ResourceChange c)
    {
        yield return $"{Mark(c.Kind)} {c.Name} ({c.Type}): {Verb(c)}{Flags(c)}";
        if (c.Refusal is { } refusal)
            yield return $"!   {refusal}";
        switch (c.Kind)
        {
            case ChangeKind.Add:
                foreach (var i in c.Inputs)
                    yield return $"+   {i.Key} = {OneLine(i.New)}";
                foreach (var s in c.Secrets)
                    yield return $"+   {s.Key} = {s.Shown}";
                break;
            case ChangeKind.Remove:
                foreach (var (key, value) in c.Base!.Inputs)
                    yield return $"-   {key} = {OneLine(value)}";
                if (c.Base.Policy.RetainOnDelete)
                    yield return "    retained on delete: Pulumi forgets it and the provider keeps it (and its data)";
                break;
            default:
                foreach (var line in Changed(c)) yield return line;
                break;
        }
    }

    private static IEnumerable<string> Changed(ResourceChange c)
    {
        if (c.Parent is { } parent)
            yield return $"    parent: {parent.Old ?? "(the stack)"} → {parent.New ?? "(the stack)"}" +
                         (c.NewUrn ? ": a parent of another type gives a new URN, so Pulumi creates a new resource and deletes this one (no alias)" : "");
        foreach (var i in c.Inputs)
        {
            yield return $"    {i.Key}: {Explain(i.Effect, i.Behaviour, i.Ignored)}";
            if (i.Old is not null) yield return $"-   {OneLine(i.Old)}";
            if (i.New is not null) yield return $"+   {OneLine(i.New)}";
            if (c.Type == Tokens.HcloudSshKey && i.Key == "publicKey")
                yield return $"    fingerprints (ssh-keygen -lf): {Fingerprint(i.Old)} → {Fingerprint(i.New)}";
        }
        foreach (var s in c.Secrets.Where(s => s.Status != SecretStatus.Unchanged || !OwnOutput(c, s.Key)))
            yield return $"    {s.Key}: {s.Shown}" + (s.Status == SecretStatus.Unchanged ? "" : $": {Explain(s.Effect, s.Behaviour, s.Ignored)}");
        if (c.Import is { } import)
            yield return $"    import id: {import.Old ?? "(none)"} → {import.New ?? "(none)"}" +
                         (import.New is null ? ": no longer adopted by id (harmless once the stack manages it)" : ": while the stack has not created it, pulumi up adopts the existing resource instead of creating one");
        if (c.Protect is { } protect)
            yield return $"    protect: {protect.Old} → {protect.New}" + (protect.New ? "" : ": protection lifted");
        if (c.RetainOnDelete is { } retain)
            yield return $"    retainOnDelete: {retain.Old} → {retain.New}";
        if (c.IgnoreChanges is { } ignore)
            yield return $"    ignoreChanges: [{ignore.Old}] → [{ignore.New}]";
    }

    /// <summary>A secret the resource outputs itself (no sources): worth a line only when it changes.</summary>
    private static bool OwnOutput(ResourceChange c, string key) =>
        !(c.Head?.SecretSources.ContainsKey(key) ?? false) && !(c.Base?.SecretSources.ContainsKey(key) ?? false);

    public static string Explain(Effect? effect, FieldBehaviour? b, bool ignored) => effect switch
    {
        _ when ignored => "ignored after creation (ignoreChanges): pulumi up does not apply it",
        Effect.Replace => $"REPLACES the resource{Consequence(b)} [{b!.Source}]",
        Effect.Update => $"updated in place{Consequence(b)}",
        Effect.None => $"no effect at pulumi up{Consequence(b)} [{b!.Source}]",
        Effect.NotAnInput => "not an input (shown for review)",
        _ => "not established which the provider does (update or replace): read pulumi preview",
    };

    private static string Consequence(FieldBehaviour? b) => b?.Consequence is { } c ? $": {c}" : "";

    private static string Fingerprint(string? key) => key is null ? "(none)" : SshFingerprint.Of(key)?.ToString() ?? "(none: not a key ssh-keygen reads, its base64 does not decode)";

    /// <summary>A value on one line: a line break in a value must not start a line of its own in the diff.</summary>
    public static string OneLine(string? value) => (value ?? "").Replace("\r", "\\r").Replace("\n", "\\n");

    public static char Mark(ChangeKind kind) => kind switch
    {
        ChangeKind.Add => '+',
        ChangeKind.Remove => '-',
        ChangeKind.Replace => '!',
        _ => '~',
    };

    public static string Verb(ResourceChange c) => c.Kind switch
    {
        ChangeKind.Add => c.Head!.Policy.ImportId is { } id ? $"add (import {id})" : "add",
        ChangeKind.Remove => "remove",
        ChangeKind.Replace => $"REPLACE (by {string.Join(", ", c.ReplacedBy)})",
        ChangeKind.Update => "update in place",
        _ => "no provider change (only ignored inputs, or Pulumi's own options: protection, import id, parent)",
    };

    private static string Flags(ResourceChange c)
    {
        var flags = new List<string>();
        if (c.Protected) flags.Add("protected");
        if (c.IcRecord) flags.Add("IC record");
        return flags.Count == 0 ? "" : "  [" + string.Join(", ", flags) + "]";
    }
}

using System.Text;
using System.Text.Json;
using Platform.Cli;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>The diff as stable JSON (same plans, same bytes): every field of the text output, for tools.</summary>
public static class DiffJson
{
    public static string Write(StackDiff d) =>
        JsonOutput.Write("diff", d.Stack, d.NeedsReview ? CommandLine.Problems : CommandLine.Ok, w =>
        {
            Strings(w, "programCodeChanged", d.UnplannedCode);
            if (d.UnplannedCodeWarning is { } warning) w.WriteString("warning", warning);
            w.WriteString("base", d.BaseLabel);
            w.WriteString("head", d.HeadLabel);
            w.WriteBoolean("changed", d.HasChanges);
            w.WriteStartObject("counts");
            w.WriteNumber("added", d.Count(ChangeKind.Add));
            w.WriteNumber("removed", d.Count(ChangeKind.Remove));
            w.WriteNumber("changed", d.Changed);
            w.WriteNumber("replaced", d.Count(ChangeKind.Replace));
            w.WriteNumber("settingsOnly", d.Count(ChangeKind.Settings));
            w.WriteNumber("refused", d.Refused.Count());
            w.WriteNumber("texts", d.Texts.Count);
            w.WriteNumber("secureValues", d.StackSecrets.Count);
            w.WriteEndObject();
            Strings(w, "notes", d.Notes);
            w.WriteStartArray("resources");
            foreach (var r in d.Resources) Resource(w, r);
            w.WriteEndArray();
            w.WriteStartArray("texts");
            foreach (var t in d.Texts)
            {
                w.WriteStartObject();
                w.WriteString("resource", t.Text.Resource);
                w.WriteString("input", t.Text.Input);
                w.WriteString("where", t.Text.Where);
                w.WriteString("change", t.Base is null ? "add" : t.Head is null ? "remove" : "change");
                Nullable(w, "oldSha256", t.Base is null ? null : TextDigest.Sha256(t.Base.Text));
                Nullable(w, "newSha256", t.Head is null ? null : TextDigest.Sha256(t.Head.Text));
                w.WriteNumber("linesAdded", t.Lines.Added);
                w.WriteNumber("linesRemoved", t.Lines.Removed);
                w.WriteString("diff", t.Diff);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("secureValues");
            foreach (var s in d.StackSecrets)
            {
                w.WriteStartObject();
                w.WriteString("configKey", s.Key);
                w.WriteString("status", s.Status);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    private static void Resource(Utf8JsonWriter w, ResourceChange r)
    {
        w.WriteStartObject();
        w.WriteString("change", r.Kind.ToString().ToLowerInvariant());
        w.WriteString("type", r.Type);
        w.WriteString("name", r.Name);
        w.WriteBoolean("protected", r.Protected);
        w.WriteBoolean("icRecord", r.IcRecord);
        Nullable(w, "refusal", r.Refusal);
        Strings(w, "replacedBy", r.ReplacedBy);
        if (r.Parent is { } parent)
        {
            w.WriteStartObject("parent");
            Nullable(w, "old", parent.Old);
            Nullable(w, "new", parent.New);
            w.WriteBoolean("newUrn", r.NewUrn);
            w.WriteEndObject();
        }
        w.WriteStartArray("inputs");
        foreach (var i in r.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("key", i.Key);
            Nullable(w, "old", i.Old);
            Nullable(w, "new", i.New);
            Nullable(w, "effect", Name(i.Effect));
            w.WriteBoolean("ignored", i.Ignored);
            Nullable(w, "field", i.Behaviour?.Field);
            Nullable(w, "source", i.Behaviour?.Source);
            Nullable(w, "consequence", i.Behaviour?.Consequence);
            if (r.Type == Tokens.HcloudSshKey && i.Key == "publicKey")
            {
                Nullable(w, "oldFingerprint", i.Old is null ? null : SshFingerprint.Of(i.Old)?.ToString());
                Nullable(w, "newFingerprint", i.New is null ? null : SshFingerprint.Of(i.New)?.ToString());
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("secrets");
        foreach (var s in r.Secrets)
        {
            w.WriteStartObject();
            w.WriteString("key", s.Key);
            w.WriteString("status", s.Shown);
            Nullable(w, "effect", Name(s.Effect));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Change(w, "import", r.Import?.Old, r.Import?.New, r.Import is not null);
        if (r.Protect is { } p) { w.WriteStartObject("protect"); w.WriteBoolean("old", p.Old); w.WriteBoolean("new", p.New); w.WriteEndObject(); }
        if (r.RetainOnDelete is { } d) { w.WriteStartObject("retainOnDelete"); w.WriteBoolean("old", d.Old); w.WriteBoolean("new", d.New); w.WriteEndObject(); }
        Change(w, "ignoreChanges", r.IgnoreChanges?.Old, r.IgnoreChanges?.New, r.IgnoreChanges is not null);
        w.WriteEndObject();
    }

    private static string? Name(Effect? effect) => effect is { } e ? char.ToLowerInvariant(e.ToString()[0]) + e.ToString()[1..] : null;

    private static void Change(Utf8JsonWriter w, string name, string? old, string? @new, bool present)
    {
        if (!present) return;
        w.WriteStartObject(name);
        Nullable(w, "old", old);
        Nullable(w, "new", @new);
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}

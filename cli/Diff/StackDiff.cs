using Platform.Stacks.Dns;
using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>What <c>pulumi up</c> would do to one resource, as the plans tell it.</summary>
public enum ChangeKind
{
    Add,
    Remove,
    /// <summary>Changed in place.</summary>
    Update,
    /// <summary>A new resource for the old one: an input the provider cannot change, or a new URN.</summary>
    Replace,
    /// <summary>The plan changed but the provider leaves the resource as it is (ignored inputs, protection, import id).</summary>
    Settings,
}

/// <summary>One changed input, old → new (null: absent on that side), with what the provider does about it.</summary>
public sealed record InputChange(string Key, string? Old, string? New, FieldBehaviour? Behaviour, bool Ignored)
{
    /// <summary>Replace, Update…; null when the provider's behaviour for this input is not established.</summary>
    public Effect? Effect => Ignored ? Diff.Effect.None : Behaviour?.Effect;
}

public enum SecretStatus { Unchanged, Changed, MayChange, New }

/// <summary>A secret input, compared without its value: by the digests of its sources (<see cref="PlannedResource.SecretSources"/>).</summary>
public sealed record SecretChange(string Key, SecretStatus Status, string? Producer, FieldBehaviour? Behaviour, bool Ignored)
{
    public Effect? Effect => Status is SecretStatus.Unchanged or SecretStatus.New ? null : Ignored ? Diff.Effect.None : Behaviour?.Effect;

    /// <summary>What every output writes for the value: never the value, never a digest.</summary>
    public string Shown => Status switch
    {
        SecretStatus.Unchanged => "[secret unchanged]",
        SecretStatus.Changed => "[secret changed]",
        SecretStatus.MayChange => $"[secret may change: {Producer} runs again]",
        _ => "[secret]",
    };
}

/// <summary>A value that only one side has or that differs (an import id, the protect flag, the parent).</summary>
public sealed record Changed<T>(T Old, T New);

/// <summary>Everything that differs for one resource, and what it means at <c>pulumi up</c>.</summary>
public sealed record ResourceChange(
    ChangeKind Kind, string Type, string Name, PlannedResource? Base, PlannedResource? Head,
    IReadOnlyList<InputChange> Inputs, IReadOnlyList<SecretChange> Secrets,
    Changed<string?>? Parent, bool NewUrn, Changed<string?>? Import, Changed<bool>? Protect, Changed<bool>? RetainOnDelete,
    Changed<string>? IgnoreChanges)
{
    /// <summary>Protected on either side (production's stateful resources).</summary>
    public bool Protected => Base?.Policy.Protect == true || Head?.Policy.Protect == true;

    /// <summary>
    /// Why <c>pulumi up</c> will refuse this change, or null. Pulumi refuses to delete a resource the state marks
    /// protected, and to replace one protected on both sides (pulumi/pulumi pkg/resource/deploy/step.go, "Refuse to
    /// delete protected resources"; step_generator.go "unable to replace resource … marked for protection",
    /// pulumi/pulumi#8873: unprotecting and replacing in one update is allowed).
    /// </summary>
    public string? Refusal => Kind switch
    {
        ChangeKind.Remove when Base!.Policy.Protect =>
            "protected: pulumi up will refuse to delete it; lift its protection in a change of its own, deploy that, then remove it",
        ChangeKind.Replace when Base!.Policy.Protect && Head!.Policy.Protect =>
            "protected: pulumi up will refuse to replace it",
        _ => null,
    };

    /// <summary>One of the Internet Computer's boundary records (rule ic-records-dns-only), on either side.</summary>
    public bool IcRecord => Type == Tokens.DnsRecord && (IsIc(Base) || IsIc(Head));

    private static bool IsIc(PlannedResource? r) => r is not null
        && DnsZone.IsIcBoundary(r.Inputs.GetValueOrDefault("name") ?? "", r.Inputs.GetValueOrDefault("type") ?? "", r.Inputs.GetValueOrDefault("content"));

    /// <summary>The inputs and secrets that make this a replacement.</summary>
    public IEnumerable<string> ReplacedBy =>
        Inputs.Where(i => i.Effect == Effect.Replace).Select(i => i.Key)
            .Concat(Secrets.Where(s => s.Effect == Effect.Replace).Select(s => s.Key))
            .Concat(NewUrn ? ["parent (a new URN)"] : []);

    /// <summary>Inputs whose behaviour the provider table does not establish.</summary>
    public IEnumerable<string> NotEstablished => Inputs.Where(i => i.Behaviour is null && !i.Ignored).Select(i => i.Key);
}

/// <summary>A generated text added, removed or changed, with its unified diff.</summary>
public sealed record TextChange(GeneratedText? Base, GeneratedText? Head, string Diff)
{
    public GeneratedText Text => Head ?? Base!;
    public (int Added, int Removed) Lines => UnifiedDiff.Count(Diff);
}

/// <summary>A <c>secure:</c> key of the stack file added, removed or re-encrypted (compared by its ciphertext's digest).</summary>
public sealed record StackSecretChange(string Key, string Status);

/// <summary>The whole comparison of a stack's plan at the base with the working tree's.</summary>
public sealed record StackDiff(
    string Stack, string BaseLabel, string HeadLabel, IReadOnlyList<ResourceChange> Resources, IReadOnlyList<TextChange> Texts,
    IReadOnlyList<StackSecretChange> StackSecrets, IReadOnlyList<string> Notes, IReadOnlyList<string>? ProgramCodeChanged = null)
{
    public bool HasChanges => Resources.Count > 0 || Texts.Count > 0 || StackSecrets.Count > 0;

    /// <summary>
    /// Files of the program's code that the plan does not describe (<see cref="DiffInputs.ProgramCode"/>) and that
    /// differ between the base and the working tree: what they do with the plan is not in this diff.
    /// </summary>
    public IReadOnlyList<string> UnplannedCode => ProgramCodeChanged ?? [];

    /// <summary>Exit 1: the plan changed, or code the plan cannot show changed (a reviewer must read it).</summary>
    public bool NeedsReview => HasChanges || UnplannedCode.Count > 0;

    /// <summary>The warning every format puts first when <see cref="UnplannedCode"/> is not empty.</summary>
    public string? UnplannedCodeWarning => UnplannedCode.Count == 0 ? null :
        $"the program's code changed ({string.Join(", ", UnplannedCode.Take(5))}{(UnplannedCode.Count > 5 ? $" and {UnplannedCode.Count - 5} more" : "")}): " +
        "this plan diff cannot show what that code does with the plan (inputs the plan does not hold, options, new resources): read it.";

    public int Count(ChangeKind kind) => Resources.Count(r => r.Kind == kind);

    /// <summary>Changed in place or in its settings only (not replaced).</summary>
    public int Changed => Count(ChangeKind.Update) + Count(ChangeKind.Settings);

    public IEnumerable<ResourceChange> Replacements => Resources.Where(r => r.Kind == ChangeKind.Replace);
    public IEnumerable<ResourceChange> ProtectedTouched => Resources.Where(r => r.Protected);
    public IEnumerable<ResourceChange> IcRecordsTouched => Resources.Where(r => r.IcRecord);
    public IEnumerable<ResourceChange> Refused => Resources.Where(r => r.Refusal is not null);
}

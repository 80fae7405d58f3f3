namespace Platform.Stacks.Adoption;

/// <summary>
/// The three states of an adoptable resource's import id in config: absent (nobody has looked: `validate` and
/// `plan` say so in a notice), a provider id (the first up imports it), or <see cref="New"/>: declared not to run
/// today, so the first up creates it and no notice asks for an id. `adopt --write` writes ids and <c>new</c> alike.
/// </summary>
public static class ImportIds
{
    public const string New = "new";

    /// <summary>The id to import, or null for a resource to create (no id, or declared <see cref="New"/>).</summary>
    public static string? Live(string? configured) => configured == New ? null : configured;

    /// <summary>Nobody has said yet whether it runs today.</summary>
    public static bool Unknown(string? configured) => configured is null;
}

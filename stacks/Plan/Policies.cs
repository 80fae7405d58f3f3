namespace Platform.Stacks.Plan;

/// <summary>
/// The pure options builder of rule 7: which resources are protected, retained or partly ignored. The
/// components call nothing else to decide options, so tests of this class are tests of the program.
/// </summary>
public static class Policies
{
    /// <summary>Hard to recreate (network, primary IP, Vault): protected in production.</summary>
    public static ResourcePolicy Stateful(StackSettings s, string? importId = null) =>
        new(Protect: s.IsProduction, ImportId: importId);

    /// <summary>
    /// A server is protected in production, and in every stack ignores changes to what only matters at
    /// creation, so that editing them never rebuilds a running machine (kube-hetzner does the same).
    /// </summary>
    public static ResourcePolicy Server(StackSettings s, string? importId) =>
        new(Protect: s.IsProduction, ImportId: importId, IgnoreChanges:
        [
            "userData", // cloud-init runs once at first boot; a change would only force a rebuild
            "sshKeys",  // keys are managed on the host after creation; hcloud would rebuild to change them
            "image",    // the OS is upgraded in place; a new image means a rebuild
        ]);

    /// <summary>Buckets hold data: protected and retained on delete in production.</summary>
    public static ResourcePolicy Bucket(StackSettings s, string? replacementNote = null) =>
        new(Protect: s.IsProduction, RetainOnDelete: s.IsProduction, ReplacementNote: replacementNote);

    /// <summary>
    /// Vault's init runs once, ever. Its output in Pulumi's state is the only copy of what it returned
    /// (staging's shares, the root token until revoked): if a config change re-ran it, Vault would answer
    /// "already initialised", the output would become empty and that copy would be lost. Shares and
    /// threshold change with `vault operator rekey`, by the operators, not here.
    /// </summary>
    public static ResourcePolicy VaultInit(StackSettings s) =>
        Stateful(s) with
        {
            IgnoreChanges = ["create"],
            ReplacementNote = "runs once: later changes to shares, threshold or PGP keys are a `vault operator rekey`, not a re-init",
        };

    /// <summary>Records adopted from the live zone carry their import id (DESIGN "Adopting what already runs").</summary>
    public static ResourcePolicy Adopted(string? importId) => importId is null ? ResourcePolicy.None : new(ImportId: importId);

    /// <summary>Providers' own delete protection (hcloud delete/rebuild protection), on in production.</summary>
    public static bool ProviderDeleteProtection(StackSettings s) => s.IsProduction;
}

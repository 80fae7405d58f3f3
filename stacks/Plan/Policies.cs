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
    /// A Vault step that runs once, ever (init, the deployer identity). Its output in Pulumi's state is the
    /// only copy of what it returned (the shares, the deployer's credentials): a re-run would find Vault
    /// initialised or the root token revoked and could only fail. So every input of the command is ignored
    /// after creation: pulumi-command v1.2.1 re-runs `create` on a change to any input
    /// (provider/pkg/provider/remote/commandController.go Update) and replaces the resource on a change to
    /// `triggers` (provider/pkg/provider/common/inputs.go), so a rotated SSH key (`connection`) or an edited
    /// script must not reach it.
    /// </summary>
    public static ResourcePolicy RunsOnce(StackSettings s, string note) =>
        Stateful(s) with { IgnoreChanges = CommandInputs, ReplacementNote = note };

    /// <summary>Every input of a pulumi-command v1.2.1 remote Command (provider/pkg/provider/remote/command.go CommandInputs).</summary>
    public static readonly IReadOnlyList<string> CommandInputs =
        ["connection", "create", "update", "delete", "triggers", "stdin", "environment", "logging", "addPreviousOutputInEnv"];

    /// <summary>Records adopted from the live zone carry their import id (DESIGN "Adopting what already runs").</summary>
    public static ResourcePolicy Adopted(string? importId) => importId is null ? ResourcePolicy.None : new(ImportId: importId);

    /// <summary>Providers' own delete protection (hcloud delete/rebuild protection), on in production.</summary>
    public static bool ProviderDeleteProtection(StackSettings s) => s.IsProduction;
}

using Platform.Stacks.Adoption;

namespace Platform.Stacks.Plan;

/// <summary>
/// The pure options builder of rule protected-stack: which resources are protected, retained or partly ignored. The
/// components call nothing else to decide options, so tests of this class are tests of the program.
/// </summary>
public static class Policies
{
    /// <summary>Hard to recreate (network, primary IP, Vault): protected in a protected stack (<see cref="Safeguards"/>).</summary>
    public static ResourcePolicy Stateful(StackSettings s, string? importId = null) =>
        new(Protect: s.Protected, ImportId: ImportIds.Live(importId));

    /// <summary>
    /// A server is protected in a protected stack, and in every stack ignores changes to what only matters at
    /// creation, so that editing them never rebuilds a running machine (kube-hetzner does the same). These are
    /// also what terraform-provider-hcloud v1.66.1 never reads back (internal/server/resource.go,
    /// getServerAttributes sets no user_data, ssh_keys or public_net), so an imported server has none of them in
    /// its state: ignored, they cannot make the import differ. Pulumi applies ignoreChanges to the diff it runs
    /// right after an import (pulumi/pulumi pkg/resource/deploy/step_generator.go, continueStepsFromImport, since
    /// v3.174 #19339) and to the dependents of a replaced SSH key (calculateDependentReplacements → diffResource).
    /// </summary>
    public static ResourcePolicy Server(StackSettings s, string? importId) =>
        new(Protect: s.Protected, ImportId: ImportIds.Live(importId), IgnoreChanges:
        [
            "userData", // cloud-init runs once at first boot; a change would only force a rebuild (ForceNew)
            "sshKeys",  // keys are managed on the host after creation; hcloud would rebuild to change them (ForceNew)
            "image",    // the OS is upgraded in place; a new image means a rebuild
            // Settled at creation: the provider never reads public_net back (hetznercloud/terraform-provider-hcloud#944,
            // open; fixes #1527 and #1534 closed unmerged), so an import would always differ, and its update path powers
            // the server off and on to reassign addresses (updatePublicNet, #577). The primary IP and IPv6 stay as created.
            "publicNets",
        ]);

    /// <summary>Buckets hold data: protected and retained on delete in a protected stack.</summary>
    public static ResourcePolicy Bucket(StackSettings s, string? replacementNote = null) =>
        new(Protect: s.Protected, RetainOnDelete: s.Protected, ReplacementNote: replacementNote);

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

    /// <summary>Records adopted from the live zone carry their import id (README "Before the first `pulumi up`").</summary>
    public static ResourcePolicy Adopted(string? importId) => ImportIds.Live(importId) is { } id ? new(ImportId: id) : ResourcePolicy.None;

    /// <summary>
    /// An SSH key: terraform-provider-hcloud v1.66.1 replaces it when its public key changes (internal/sshkey/resource.go,
    /// public_key RequiresReplace), and Hetzner refuses a second key of the same name, so the new key can only be
    /// created once the old one is gone. Servers keep working: a key is copied onto a server at creation only, and
    /// their sshKeys are ignored after creation (<see cref="Server"/>), so no server is replaced with the key.
    /// </summary>
    public static ResourcePolicy SshKey(string? importId) => Adopted(importId) with { DeleteBeforeReplace = true };

    /// <summary>Providers' own delete protection (hcloud delete/rebuild protection), on in a protected stack.</summary>
    public static bool ProviderDeleteProtection(StackSettings s) => s.Protected;
}

namespace Platform.Stacks.Hetzner;

/// <summary>
/// The Hetzner Cloud server types that can be ordered, with their memory (GiB) for the node-allocatable
/// rule, and the retired ones with their replacement. Hetzner replaced the CX generation (cx22…cx52, and
/// cx11…cx51 before it) with cx23…cx53 in October 2025, and the first CPX generation (cpx11…cpx51) with
/// it; a retired type can no longer be ordered, so a server created with one fails at `pulumi up` (the
/// pinned pulumi-hcloud v1.39.1's own examples use cx23).
/// Sources: Hetzner Cloud server types (`hcloud server-type list`), pulumi/pulumi-hcloud v1.39.1 examples.
/// </summary>
public static class ServerTypes
{
    private static readonly Dictionary<string, int> MemoryGi = new()
    {
        // Cost-optimised x86 (shared vCPU).
        ["cx23"] = 4, ["cx33"] = 8, ["cx43"] = 16, ["cx53"] = 32,
        // Regular performance AMD (shared vCPU).
        ["cpx22"] = 4, ["cpx32"] = 8,
        // Ampere Arm64 (shared vCPU).
        ["cax11"] = 4, ["cax21"] = 8, ["cax31"] = 16, ["cax41"] = 32,
        // Dedicated vCPU.
        ["ccx13"] = 8, ["ccx23"] = 16, ["ccx33"] = 32, ["ccx43"] = 64, ["ccx53"] = 128, ["ccx63"] = 192,
    };

    /// <summary>Retired types: their memory, and the current type that replaces them (at least as much memory).</summary>
    private static readonly Dictionary<string, (int MemoryGi, string Replacement)> Retired = new()
    {
        ["cx22"] = (4, "cx23"), ["cx32"] = (8, "cx33"), ["cx42"] = (16, "cx43"), ["cx52"] = (32, "cx53"),
        ["cx11"] = (2, "cx23"), ["cx21"] = (4, "cx23"), ["cx31"] = (8, "cx33"), ["cx41"] = (16, "cx43"), ["cx51"] = (32, "cx53"),
        // The first CPX generation went with cx22…cx52 ("The cpx_1 and cx_2 Server Types have been deprecated",
        // hetznercloud/cli#1211, 2025-10-24). cpx41/cpx51 point at the cost-optimised types of the same memory
        // until the larger second-generation CPX types are checked and listed above.
        ["cpx11"] = (2, "cpx22"), ["cpx21"] = (4, "cpx22"), ["cpx31"] = (8, "cpx32"), ["cpx41"] = (16, "cx43"), ["cpx51"] = (32, "cx53"),
    };

    /// <summary>Memory of a type that runs: a current one, or a retired one a server still runs with.</summary>
    public static int? Memory(string serverType) =>
        MemoryGi.TryGetValue(serverType, out var gi) ? gi
        : Retired.TryGetValue(serverType, out var retired) ? retired.MemoryGi : null;

    public static bool CanBeOrdered(string serverType) => MemoryGi.ContainsKey(serverType);

    /// <summary>The current type that replaces a retired one; null when the type is not retired.</summary>
    public static string? ReplacementFor(string serverType) => Retired.TryGetValue(serverType, out var r) ? r.Replacement : null;

    public static IEnumerable<string> Known => MemoryGi.Keys;
}

namespace Platform.Stacks.Hetzner;

/// <summary>Memory of the Hetzner Cloud server types (GiB), for the node-allocatable rule. Source: Hetzner Cloud pricing.</summary>
public static class ServerTypes
{
    private static readonly Dictionary<string, int> MemoryGi = new()
    {
        ["cx22"] = 4, ["cx32"] = 8, ["cx42"] = 16, ["cx52"] = 32,
        ["cpx11"] = 2, ["cpx21"] = 4, ["cpx31"] = 8, ["cpx41"] = 16, ["cpx51"] = 32,
        ["cax11"] = 4, ["cax21"] = 8, ["cax31"] = 16, ["cax41"] = 32,
        ["ccx13"] = 8, ["ccx23"] = 16, ["ccx33"] = 32, ["ccx43"] = 64, ["ccx53"] = 128, ["ccx63"] = 192,
    };

    public static int? Memory(string serverType) => MemoryGi.TryGetValue(serverType, out var gi) ? gi : null;
    public static IEnumerable<string> Known => MemoryGi.Keys;
}

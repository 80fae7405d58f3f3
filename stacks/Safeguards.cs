using Platform.Stacks.Adoption;
using Platform.Stacks.Config;

namespace Platform.Stacks;

/// <summary>
/// The one setting behind every safeguard of rule protected-stack (<see cref="Rules.ProtectedStack"/>):
/// <c>platform:protect: true</c>. A protected stack has its servers, primary IPs, network, buckets and Vault's one-shot
/// steps <c>Protect</c>ed (Pulumi refuses to delete them), the providers' own delete and rebuild protection on, its
/// buckets retained on delete, SSH never open to the world and Vault's TLS verification never skipped. Nothing keys on
/// the stack's name: a copy of production under another name (<c>Pulumi.prod-eu.yaml</c>) carries the setting with it.
/// </summary>
public static class Safeguards
{
    public const string ConfigKey = "platform:protect";

    public static bool Read(IConfigSource source, Problems problems) => source.Get(ConfigKey) switch
    {
        null => false,
        ScalarNode { Value: "true" or "True" } => true,
        ScalarNode { Value: "false" or "False" } => false,
        var n => Fail(problems, n),
    };

    private static bool Fail(Problems problems, ConfigNode node)
    {
        problems.Add(ConfigKey, $"expected true or false, found '{(node as ScalarNode)?.Value ?? "a structure"}'.");
        return false;
    }

    /// <summary>
    /// A stack that names hosts which run today (the Robot server, a cloud server with its public address, or an
    /// import id of a server, primary IP or network) must be protected: refused, not merely noticed. Those are the
    /// machines no `pulumi up` can give back; unprotected, a `pulumi destroy`, a replacement or a copied stack file
    /// that lost the setting deletes them, and a notice would scroll by in a CI log. A stack that creates all of
    /// its hosts (staging) may stay unprotected, so that it can be torn down.
    /// </summary>
    public static void Check(StackSettings s, Problems p)
    {
        if (s.Protected)
            return;
        var h = s.Hetzner;
        var real = new List<(string Key, string What)>();
        if (h.Dedicated is { } d)
            real.Add((d.Key, $"the dedicated server '{d.Name}' ({d.PublicIp})"));
        foreach (var x in h.Servers)
        {
            if (x.PublicIp is { } ip)
                real.Add(($"{x.Key}.publicIp", $"the server '{x.Name}' that runs at {ip}"));
            foreach (var (field, id) in new[] { ("importId", x.ImportId), ("primaryIpImportId", x.PrimaryIpImportId) })
                if (ImportIds.Live(id) is not null)
                    real.Add(($"{x.Key}.{field}", $"the live {(field == "importId" ? "server" : "primary IP")} of '{x.Name}'"));
        }
        if (ImportIds.Live(h.Network.ImportId) is not null)
            real.Add(($"{h.Network.Key}.importId", $"the live network '{h.Network.Name}'"));
        foreach (var (key, what) in real)
            p.Add(key, $"names {what}, which runs today, but the stack is not protected: set {ConfigKey}: true (README, \"The two stacks\"), or remove it from this stack.");
    }
}

using Platform.Stacks.Plan;

namespace Platform.Stacks.Hetzner;

/// <summary>
/// How the remote commands reach a host (a cloud server or the dedicated server): its public address (known now, or a
/// server's primary IP at deploy time: <see cref="PublicAddress"/>), its SSH user, and the step after which it is ready
/// (its host or VLAN step). The k3s, Vault and backup steps run on hosts this folder plans.
/// </summary>
public sealed record HostAccess(PublicAddress Address, string PrivateIp, string SshUser, string ReadyResource)
{
    public string HostName => Address.Host;

    /// <summary>The address when the plan knows it (the dedicated server, a cloud server adopted with its address).</summary>
    public string? PublicIp => Address.Known;

    /// <summary>The connection's host as a plan input: the address, or the primary IP's output.</summary>
    public object ConnectionHost => Address.AsInput();
}

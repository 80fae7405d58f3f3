namespace Platform.Stacks.Hetzner;

/// <summary>
/// How the remote commands reach a host (a cloud server or the dedicated server): its address (known now, or a
/// server's primary IP at deploy time), its SSH user, and the step after which it is ready (its host or VLAN step).
/// The k3s, Vault and backup steps run on hosts this folder plans.
/// </summary>
public sealed record HostAccess(string HostName, string? PublicIp, string PrivateIp, string SshUser, string ReadyResource)
{
    public string Display => PublicIp ?? $"primary IP of {HostName}";
}

using Platform.Stacks.Cluster;
using Platform.Stacks.Storage;

namespace Platform.Stacks.Plan;

/// <summary>What every remote command shares: SSH with the stack's private key, inputs on stdin, and secret output.</summary>
public static class RemoteCommands
{
    /// <summary>The connection's private key: a secret input of every remote command.</summary>
    public const string PrivateKeyInput = "connection.privateKey";

    /// <summary>Where the connection's private key comes from: the stack's secure <see cref="Credentials.SshPrivateKey"/>.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ConnectionSecrets() =>
        new() { [PrivateKeyInput] = [SecretSourceOf.Config(Credentials.SshPrivateKey)] };

    /// <summary>Command outputs that may echo secrets; the components mark them secret.</summary>
    public static readonly string[] SecretOutputs = ["stdout", "stderr"];

    /// <summary>
    /// Every script the stack runs: each remote command's (by its logical name), each local command's, and
    /// each server's first-boot cloud-config. The one list the <c>scripts</c> verb, the JSON plan's hashes and
    /// the script tests read.
    /// </summary>
    public static IEnumerable<HostScript> Of(StackPlan plan)
    {
        foreach (var s in plan.Servers)
        {
            yield return new(s.ServerName, s.Name, HostScriptKind.CloudConfig, s.UserData, []);
            yield return new(s.HostCommandName, s.Name, HostScriptKind.Remote, s.HostScript, []);
        }
        if (plan.Dedicated is { } d)
            yield return new(d.VlanCommandName, d.Name, HostScriptKind.Remote, d.VlanScript, []);
        yield return new(plan.K3s.InstallName, plan.K3s.Host.HostName, HostScriptKind.Remote, plan.K3s.InstallScript, [K3sScripts.PublicIpVariable]);
        yield return new(plan.K3s.KubeconfigName, plan.K3s.Host.HostName, HostScriptKind.Remote, plan.K3s.KubeconfigScript, [K3sScripts.PublicIpVariable]);
        foreach (var step in plan.Vault.Steps)
            yield return new(step.Name, plan.Vault.Host.HostName, HostScriptKind.Remote, step.Script, [.. step.SecretInputs.Keys]);
        foreach (var b in plan.Backups.Hosts)
        {
            yield return new(b.CommandName, b.Host.HostName, HostScriptKind.Remote, b.Script, b.Inputs);
            yield return new(b.FirstCommandName, b.Host.HostName, HostScriptKind.Remote, b.FirstScript, []);
        }
        foreach (var ic in plan.Dns.IcDomains.Where(ic => ic.Register))
            yield return new(ic.RegisterName, "the deploy runner", HostScriptKind.Local, ic.RegisterScript, []);
        foreach (var b in plan.HetznerBuckets)
        {
            yield return new(b.BucketName, "the deploy runner", HostScriptKind.Local, b.CreateScript, HetznerS3Scripts.Inputs);
            yield return new(b.CorsName, "the deploy runner", HostScriptKind.Local, b.CorsScript, HetznerS3Scripts.Inputs);
        }
    }
}

public enum HostScriptKind { Remote, Local, CloudConfig }

/// <summary>A script the stack runs: its resource's logical name, where it runs, its text and the names (never the values) of its stdin inputs.</summary>
public sealed record HostScript(string Name, string Host, HostScriptKind Kind, string Text, IReadOnlyList<string> Inputs)
{
    public string FileName => Name + (Kind == HostScriptKind.CloudConfig ? ".cloud-config.yaml" : ".sh");

    /// <summary>SHA-256 of the text, lower-case hex: the JSON plan carries it so that a diff shows which scripts changed.</summary>
    public string Sha256 => TextDigest.Sha256(Text);

    /// <summary>The resource input that carries the text: a server's <c>userData</c>, a command's <c>create</c>.</summary>
    public string Input => Kind == HostScriptKind.CloudConfig ? "userData" : "create";
}

using Platform.Stacks.Plan;
using Pulumi;
using Remote = Pulumi.Command.Remote;

namespace Platform.Components;

/// <summary>
/// How remote commands reach a host: its public address (known, or a cloud server's primary IP output),
/// the SSH user, the stack's private key (a secret input) and the resource that makes the host ready
/// (its private network attachment or VLAN), which the first command on it waits for.
/// </summary>
public sealed record SshAccess(Input<string> Address, string User, Input<string> PrivateKey, Resource Ready)
{
    public Remote.Inputs.ConnectionArgs Connection() => new() { Host = Address, User = User, PrivateKey = PrivateKey };
}

/// <summary>What every remote command shares: inputs on stdin only, no logs, stdout/stderr marked secret (rule 8).</summary>
public static class RemoteCommand
{
    public static Remote.Command Create(
        string name, Remote.Inputs.ConnectionArgs connection, string script, Output<string>? stdin, CustomResourceOptions options)
    {
        // The outputs may echo secrets (init JSON, kubeconfig): the engine stores them encrypted.
        options.AdditionalSecretOutputs = [.. RemoteCommands.SecretOutputs];
        var args = new Remote.CommandArgs
        {
            Connection = connection,
            Create = script,
            // Nothing of a command's output goes to the deployment log, where secrets would be plain text.
            Logging = Remote.Logging.None,
        };
        // Inputs go on stdin (ScriptInputs in stacks/): sshd drops environment variables, and ps shows command lines.
        if (stdin is not null)
            args.Stdin = stdin;
        return new Remote.Command(name, args, options);
    }
}

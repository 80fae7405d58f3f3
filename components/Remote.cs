using Platform.Stacks.Plan;
using Pulumi;
using Remote = Pulumi.Command.Remote;

namespace Platform.Components;

/// <summary>
/// How remote commands reach a host: its public address (known, or a cloud server's primary IP output),
/// the SSH user, the stack's private key (a secret input) and the resource that makes the host ready
/// (its host setup or VLAN step), which the first command on it waits for.
/// </summary>
public sealed record SshAccess(Input<string> Address, string User, Input<string> PrivateKey, Resource Ready)
{
    public Remote.Inputs.ConnectionArgs Connection() => new() { Host = Address, User = User, PrivateKey = PrivateKey };
}

/// <summary>
/// What every remote command shares: inputs on stdin only, no logs, stdout/stderr marked secret (rule secrets-stay-secret),
/// and no previous output sent back to the host.
/// </summary>
/// <remarks>
/// pulumi-command v1.2.1 (provider/pkg/provider/remote/commandController.go, Update): a change to any input,
/// the connection included, re-runs <c>create</c>; only <c>triggers</c> replace (common/inputs.go,
/// replaceOnChanges). So rotating <c>platform:sshPrivateKey</c> re-runs every step: each of ours converges
/// (the script tests run each twice and after a failure), except Vault's init, which ignores changes
/// (Policies.VaultInit). On failure the provider returns the command's combined stdout and stderr in its
/// error (commandOutputs.go, run: <c>fmt.Errorf("%w: running %q:\n%s", …)</c>) even with logging off: no
/// script prints a secret before a step that can fail.
/// </remarks>
public static class RemoteCommand
{
    public static Remote.Command Create(
        string name, Remote.Inputs.ConnectionArgs connection, string script, Output<string>? stdin, CustomResourceOptions options,
        InputList<object>? triggers = null)
    {
        // The outputs may echo secrets (init JSON, kubeconfig): the engine stores them encrypted.
        options.AdditionalSecretOutputs = [.. RemoteCommands.SecretOutputs];
        var args = new Remote.CommandArgs
        {
            Connection = connection,
            Create = script,
            // Nothing of a command's output goes to the deployment log, where secrets would be plain text.
            Logging = Remote.Logging.None,
            // Defaults to true (commandOutputs.go, run): every re-run would offer the previous stdout (the
            // kubeconfig, the Vault init JSON) to the host as PULUMI_COMMAND_STDOUT, and warn when sshd
            // refuses it. No script reads it.
            AddPreviousOutputInEnv = false,
        };
        // Inputs go on stdin (ScriptInputs in stacks/): sshd drops environment variables, and ps shows command lines.
        if (stdin is not null)
            args.Stdin = stdin;
        if (triggers is not null)
            args.Triggers = triggers;
        return new Remote.Command(name, args, options);
    }
}

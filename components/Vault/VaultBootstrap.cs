using Platform.Stacks.Plan;
using Platform.Stacks.Vault;
using System.Collections.Immutable;
using Pulumi;
using Remote = Pulumi.Command.Remote;

namespace Platform.Components.Vault;

/// <summary>
/// The Vault bootstrap (docs/sources/hoodcloud-two-server-deployment.txt order) as a chain of idempotent remote commands: each waits for the one
/// before, and gets its secrets only on standard input (the init output, the deployer identity,
/// operators' config values, generated values), as a secret, never in its script.
/// </summary>
/// <remarks>
/// Inputs: the host, and a resolver from each <see cref="SecretSource.Config"/> or
/// <see cref="SecretSource.Generated"/> to its secret value. Outputs: address, caCertificate, and
/// unsealKeys (secret): the shares init returned, PGP-encrypted for the operators when keys are configured.
/// </remarks>
public sealed class VaultBootstrap : ComponentResource
{
    public const string Type = Tokens.VaultComponent;

    public Output<string> Address { get; }

    /// <summary>Each step's command by its logical name: what other components wait for.</summary>
    public IReadOnlyDictionary<string, Resource> Steps { get; }
    public Output<string> CaCertificate { get; }

    /// <summary>Init's <c>keys_base64</c>: the operators' way to unseal (README, Vault). Secret.</summary>
    public Output<ImmutableArray<string>> UnsealKeys { get; }

    public VaultBootstrap(VaultPlan plan, SshAccess host, Func<SecretSource, Output<string>> secretValue, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var commands = new Dictionary<string, Remote.Command>(StringComparer.Ordinal);
        Resource Done(string name) => name == plan.Host.ReadyResource ? host.Ready : commands[name];
        // What each step printed, by its kind: the init answer and the deployer identity are later steps' inputs.
        var printed = new Dictionary<VaultStepKind, Output<string>>();
        Output<string> Value(VaultStep step, SecretSource source) => source switch
        {
            SecretSource.StepOutput o => printed.GetValueOrDefault(o.Step)
                ?? throw new InvalidOperationException($"{step.Name} needs the output of the {o.Step} step before it ran: a planning bug."),
            _ => secretValue(source),
        };
        foreach (var step in plan.Steps)
        {
            var inputs = step.SecretInputs.Select(input => Value(step, input.Value)).ToList();
            Output<string>? stdin = inputs.Count == 0 ? null : Output.CreateSecret(Output.All(inputs).Apply(values =>
                ScriptInputs.Encode(step.SecretInputs.Keys.Zip(values, (name, value) => new KeyValuePair<string, string>(name, value)))));

            var command = RemoteCommand.Create(step.Name, host.Connection(), step.Script, stdin,
                PolicyOptions.For(step.Policy, this, dependsOn: step.DependsOn.Select(Done)));
            commands[step.Name] = command;
            if (step.Kind != VaultStepKind.Secrets)
                printed[step.Kind] = Output.CreateSecret(command.Stdout);
        }

        Steps = commands.ToDictionary(c => c.Key, c => (Resource)c.Value);
        Address = Output.Create(plan.Address);
        // The TLS step prints only the CA certificate, which is public: consumers need it in plain text.
        CaCertificate = Output.Unsecret(printed[VaultStepKind.Tls]);
        UnsealKeys = Output.CreateSecret(printed[VaultStepKind.Init].Apply(json => InitAnswer.UnsealKeys(json)));
        RegisterOutputs(new Dictionary<string, object?> { ["address"] = Address, ["caCertificate"] = CaCertificate, ["unsealKeys"] = UnsealKeys });
    }
}

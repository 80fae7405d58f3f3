using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Pulumi;
using Remote = Pulumi.Command.Remote;

namespace Platform.Components.Hetzner;

/// <summary>
/// The Robot server: not created by Pulumi, adopted by address. One idempotent remote command configures
/// its vSwitch VLAN interface and host firewall, so the cloud network can reach it.
/// </summary>
/// <remarks>Outputs: publicIp, privateIp. <see cref="Vlan"/> is what commands on this host wait for.</remarks>
public sealed class DedicatedHost : ComponentResource
{
    public const string Type = Tokens.DedicatedHostComponent;

    public Remote.Command Vlan { get; }

    public DedicatedHost(DedicatedHostPlan plan, Input<string> privateKey, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        Vlan = RemoteCommand.Create(plan.VlanCommandName,
            new Remote.Inputs.ConnectionArgs { Host = plan.PublicIp, User = plan.SshUser, PrivateKey = privateKey },
            plan.VlanScript, stdin: null, PolicyOptions.Child(this));

        RegisterOutputs(new Dictionary<string, object?> { ["publicIp"] = plan.PublicIp, ["privateIp"] = plan.PrivateIp });
    }
}

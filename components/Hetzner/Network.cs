using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Pulumi;
using HCloud = Pulumi.HCloud;

namespace Platform.Components.Hetzner;

/// <summary>
/// The Cloud Network, its cloud subnet and, when the stack has a Robot vSwitch, the vSwitch subnet that
/// bridges the dedicated server in (routes exposed to the vSwitch so it can reach the cloud range).
/// </summary>
/// <remarks>Outputs: network id; each subnet's id by its logical name (servers attach to one).</remarks>
public sealed class HetznerNetwork : ComponentResource
{
    public const string Type = Tokens.NetworkComponent;

    private readonly Dictionary<string, HCloud.NetworkSubnet> _subnets = new(StringComparer.Ordinal);

    public HCloud.Network Network { get; }

    public HetznerNetwork(NetworkPlan plan, ComponentResourceOptions? options = null) : base(Type, plan.Name, options)
    {
        Network = new HCloud.Network(plan.NetworkName, new HCloud.NetworkArgs
        {
            Name = plan.Name,
            IpRange = plan.IpRange,
            ExposeRoutesToVswitch = plan.Vswitch is not null,
            DeleteProtection = plan.DeleteProtection,
        }, PolicyOptions.For(plan.NetworkPolicy, this));

        // hcloud ids are strings in Pulumi state but integers in the API's inputs.
        var networkId = Network.Id.Apply(int.Parse);
        _subnets[plan.CloudSubnetName] = new HCloud.NetworkSubnet(plan.CloudSubnetName, new HCloud.NetworkSubnetArgs
        {
            NetworkId = networkId,
            Type = NetworkPlan.CloudSubnetType,
            NetworkZone = plan.NetworkZone,
            IpRange = plan.CloudSubnet,
        }, PolicyOptions.For(plan.CloudSubnetPolicy, this));
        if (plan.Vswitch is { } vswitch)
            _subnets[plan.VswitchSubnetName] = new HCloud.NetworkSubnet(plan.VswitchSubnetName, new HCloud.NetworkSubnetArgs
            {
                NetworkId = networkId,
                Type = NetworkPlan.VswitchSubnetType,
                NetworkZone = plan.NetworkZone,
                IpRange = vswitch.Subnet,
                VswitchId = vswitch.Id,
            }, PolicyOptions.For(plan.VswitchSubnetPolicy, this));

        RegisterOutputs(new Dictionary<string, object?> { ["networkId"] = Network.Id });
    }

    /// <summary>The subnet registered under <paramref name="resourceName"/> (a name from the plan).</summary>
    public HCloud.NetworkSubnet Subnet(string resourceName) => _subnets[resourceName];
}

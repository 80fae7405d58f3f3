using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Pulumi;
using HCloud = Pulumi.HCloud;

namespace Platform.Components.Hetzner;

/// <summary>
/// A Hetzner Cloud server: a primary IPv4 that outlives it (autoDelete false, so a rebuild keeps the
/// address DNS points at), the server with its first-boot script, its private address given explicitly,
/// and a firewall that denies everything the plan does not open.
/// </summary>
/// <remarks>
/// Outputs: publicIpv4 (from the primary IP), privateIp, serverId. <see cref="Ready"/>, the host step that
/// keeps its packages and firewall, is what remote commands on this server wait for.
/// </remarks>
public sealed class CloudServer : ComponentResource
{
    public const string Type = Tokens.ServerComponent;

    public Output<string> PublicIpv4 { get; }
    public Output<string> PrivateIp { get; }
    public Output<string> ServerId { get; }

    /// <summary>The private network attachment.</summary>
    public HCloud.ServerNetwork Attachment { get; }

    /// <summary>The host step (packages, firewall): the server is ready for other remote commands once it ran.</summary>
    public Pulumi.Command.Remote.Command Ready { get; }

    public CloudServer(ServerPlan plan, SshKeys keys, HetznerNetwork network, Input<string> privateKey, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var firewall = new HCloud.Firewall(plan.FirewallName, new HCloud.FirewallArgs
        {
            Name = plan.Name,
            Rules = plan.FirewallRules.Select(r => new HCloud.Inputs.FirewallRuleArgs
            {
                Description = r.Description,
                Direction = "in",
                Protocol = r.Protocol,
                Port = r.Port is { } port ? (Input<string>)port : null, // icmp has no port
                SourceIps = [.. r.SourceIps],
            }).ToList(),
        }, PolicyOptions.For(plan.FirewallPolicy, this));

        // Created unassigned: the server takes it through publicNets. No assigneeType: without assigneeId it only makes
        // the provider warn "Unused Attribute" on every preview (terraform-provider-hcloud v1.66.1 internal/primaryip/
        // resource.go, ValidateConfig), and exactly one of location, datacenter and assignee_id may be set
        // (ConfigValidators). Read sets assignee_id/assignee_type (model.go FromAPI), optional and computed, so an
        // imported IP assigned to its server does not differ.
        var primaryIp = new HCloud.PrimaryIp(plan.PrimaryIpName, new HCloud.PrimaryIpArgs
        {
            Name = plan.Name,
            Type = ServerPlan.PrimaryIpType,
            AutoDelete = false,
            // hcloud 1.39 deprecates `datacenter` for `location`; the plan's location is a location (hel1).
            Location = plan.Location,
            DeleteProtection = plan.DeleteProtection,
        }, PolicyOptions.For(plan.PrimaryIpPolicy, this));

        var server = new HCloud.Server(plan.ServerName, new HCloud.ServerArgs
        {
            Name = plan.Name,
            ServerType = plan.ServerType,
            Location = plan.Location,
            Image = plan.Image,
            Labels = plan.Labels.ToDictionary(),
            Backups = plan.Backups,
            DeleteProtection = plan.DeleteProtection,
            RebuildProtection = plan.DeleteProtection,
            FirewallIds = { firewall.Id.Apply(int.Parse) },
            SshKeys = plan.SshKeyResources.Select(keys.IdOf).ToList(),
            UserData = plan.UserData,
            // Settled at creation and ignored after (Policies.Server): the provider never reads it back.
            PublicNets =
            {
                new HCloud.Inputs.ServerPublicNetArgs
                {
                    Ipv4Enabled = true,
                    Ipv4 = primaryIp.Id.Apply(int.Parse),
                    Ipv6Enabled = plan.Ipv6,
                },
            },
        }, PolicyOptions.For(plan.ServerPolicy, this));

        Attachment = new HCloud.ServerNetwork(plan.AttachmentName, new HCloud.ServerNetworkArgs
        {
            ServerId = server.Id.Apply(int.Parse),
            SubnetId = network.Subnet(plan.NetworkSubnetResource).Id,
            Ip = plan.PrivateIp,
            // Never imported: created over a live attachment it adopts it (the provider accepts server_already_attached).
        }, PolicyOptions.Child(this));

        // cloud-config runs once and userData is ignored after creation: what must hold on the host is kept
        // by this step, re-run whenever its script changes.
        Ready = RemoteCommand.Create(plan.HostCommandName,
            new Pulumi.Command.Remote.Inputs.ConnectionArgs { Host = primaryIp.IpAddress, User = ServerPlan.SshUser, PrivateKey = privateKey },
            plan.HostScript, stdin: null, PolicyOptions.For(ResourcePolicy.None, this, dependsOn: [Attachment]));

        PublicIpv4 = primaryIp.IpAddress;
        PrivateIp = Attachment.Ip.Apply(ip => ip ?? plan.PrivateIp);
        ServerId = server.Id;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["publicIpv4"] = PublicIpv4,
            ["privateIp"] = PrivateIp,
            ["serverId"] = ServerId,
        });
    }
}

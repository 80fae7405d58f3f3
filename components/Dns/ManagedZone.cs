using Platform.Stacks.Dns;
using Platform.Stacks.Plan;
using Pulumi;

namespace Platform.Components.Dns;

/// <summary>
/// The zone's managed records (unmanaged ones are never touched: they are not in the plan) and one
/// <see cref="IcCustomDomain"/> per Internet Computer custom domain.
/// </summary>
/// <remarks>
/// Inputs: the address of a host, for A records that point at one (a cloud server's primary IP output, resolved from the
/// plan's reference; the dedicated server's known address). Outputs: zoneId.
/// </remarks>
public sealed class ManagedZone : ComponentResource
{
    public const string Type = Tokens.DnsZoneComponent;

    public ManagedZone(DnsZonePlan plan, Func<PublicAddress, Input<string>> addressOf, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        foreach (var record in plan.Records)
        {
            var content = record.Address is { } host ? addressOf(host) : record.Content!;
            DnsRecords.Create(record, plan.ZoneId, content, this);
        }
        foreach (var domain in plan.IcDomains)
            _ = new IcCustomDomain(domain, plan.ZoneId, new ComponentResourceOptions { Parent = this });

        RegisterOutputs(new Dictionary<string, object?> { ["zoneId"] = plan.ZoneId });
    }
}

using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Dns;

/// <summary>The zone's managed records; IC custom domains are sub-components holding their three records.</summary>
public sealed record DnsZonePlan(
    string Name, string Zone, string ZoneId, IReadOnlyList<ManagedRecord> Records, IReadOnlyList<IcCustomDomainPlan> IcDomains) : IComponentPlan
{
    public string Type => Tokens.DnsZoneComponent;

    public IEnumerable<PlannedResource> Resources() =>
        Records.Select(r => RecordResource(r, Name, ZoneId))
            .Concat(IcDomains.SelectMany(d => d.Resources(Name, ZoneId)))
            .Prepend(Component(Type, Name));

    /// <summary>A record; one that holds a server's primary IP waits for that IP.</summary>
    internal static PlannedResource RecordResource(ManagedRecord r, string parent, string zoneId) =>
        Child(Tokens.DnsRecord, r.LogicalName, parent,
            Inputs(("zoneId", zoneId), ("name", r.Fqdn), ("type", r.Type), ("content", r.ContentInput), ("proxied", r.Proxied),
                ("ttl", r.Ttl), ("priority", r.Priority), ("comment", r.Comment)),
            Policies.Adopted(r.ImportId),
            dependsOn: r.Address?.Output is { } ip ? [ip.Resource] : []);
}

/// <summary>
/// An Internet Computer custom domain: its three DNS-only records and, when asked, the registration with
/// the IC's custom-domain service (checked first, so re-runs do nothing).
/// </summary>
public sealed record IcCustomDomainPlan(string Name, string Domain, string CanisterId, IReadOnlyList<ManagedRecord> Records, bool Register)
{
    public string Type => Tokens.IcCustomDomainComponent;
    public string RegisterName => $"{Name}-register";

    /// <summary>The IC custom-domain service; the real one in every stack, a loopback fake in the tests that run the step.</summary>
    public string RegistrationApi { get; init; } = IcRegistrationScript.ProductionApi;

    public string RegisterScript => IcRegistrationScript.Register(RegistrationApi, Domain);

    public IEnumerable<PlannedResource> Resources(string zone, string zoneId)
    {
        yield return Component(Type, Name, zone);
        foreach (var r in Records)
            yield return DnsZonePlan.RecordResource(r, Name, zoneId);
        if (Register)
            yield return Child(Tokens.LocalCommand, RegisterName, Name, Inputs(("create", TextDigest.Of(RegisterScript, TextDigest.Script))),
                dependsOn: Records.Select(r => r.LogicalName).ToList());
    }
}

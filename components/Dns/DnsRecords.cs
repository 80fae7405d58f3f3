using Platform.Stacks.Dns;
using Platform.Stacks.Plan;
using Pulumi;
using Cloudflare = Pulumi.Cloudflare;

namespace Platform.Components.Dns;

/// <summary>Turns one planned record into a Cloudflare DnsRecord, for the zone and for IC custom domains alike.</summary>
internal static class DnsRecords
{
    public static Cloudflare.DnsRecord Create(ManagedRecord r, string zoneId, Input<string> content, Resource parent) =>
        new(r.LogicalName, new Cloudflare.DnsRecordArgs
        {
            ZoneId = zoneId,
            Name = r.Fqdn,
            Type = r.Type,
            Content = content,
            // Always explicit: left unset, a later dashboard toggle would go unnoticed (DNSControl habit).
            Proxied = r.Proxied,
            Ttl = r.Ttl,
            Priority = r.Priority is { } priority ? (Input<double>)priority : null,
            Comment = r.Comment is { } comment ? (Input<string>)comment : null,
        }, PolicyOptions.For(Policies.Adopted(r.ImportId), parent));
}

using System.Globalization;
using Platform.Stacks.Hetzner;

namespace Platform.Stacks.Adopt;

/// <summary>
/// The Hetzner half of the audit. Servers, networks and firewalls are found by name (unique in a project),
/// a primary IP by its address, an SSH key by name or key material (Hetzner refuses a second key with the
/// same fingerprint). Import ids are formed as pulumi-hcloud v1.39.1 documents them (sdk/dotnet/*.cs "Import").
/// </summary>
public static class ProjectAudit
{
    public static IEnumerable<AdoptionEntry> Audit(StackSettings s, LiveProject live, List<string> notChecked)
    {
        var h = s.Hetzner;
        var entries = new List<AdoptionEntry>();
        var keysOf = Plan.PlanBuilder.Build(s);
        // Pulumi refuses an import whose inputs differ from what runs ("inputs to import do not match the existing
        // resource"), so every input the plan sets is compared, the providers' delete protection included.
        var protect = Plan.Policies.ProviderDeleteProtection(s);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

        LiveNetwork? network = null;
        if (live.Networks is { } networks)
        {
            var n = h.Network;
            network = networks.FirstOrDefault(x => x.Name == n.Name);
            entries.Add(Entry("hcloud network", n.Name, keysOf.Network.NetworkName, $"{n.Key}.importId", n.ImportId,
                network is null ? null : Id(network.Id),
                network is null ? [] : Diff(("ipRange", network.IpRange, n.IpRange), ("exposeRoutesToVswitch", Bool(network.ExposeRoutesToVswitch), Bool(n.Vswitch is not null)),
                    ("deleteProtection", Bool(network.DeleteProtection), Bool(protect))),
                protect && network is { DeleteProtection: false } ? $"enable it live first: hcloud network enable-protection {n.Name} delete" : null));
            var subnets = new List<(string Name, string Resource, string Key, string? Configured, string Range, string Type, long? Vswitch)>
            {
                ("cloud subnet", keysOf.Network.CloudSubnetName, $"{n.Key}.cloudSubnetImportId", n.CloudSubnetImportId, n.CloudSubnet, NetworkPlan.CloudSubnetType, null),
            };
            if (n.Vswitch is { } v)
                subnets.Add(("vSwitch subnet", keysOf.Network.VswitchSubnetName, $"{v.Key}.subnetImportId", v.SubnetImportId, v.Subnet, NetworkPlan.VswitchSubnetType, v.Id));
            foreach (var sub in subnets)
            {
                var found = network?.Subnets.FirstOrDefault(x => x.IpRange == sub.Range);
                entries.Add(Entry($"hcloud {sub.Name}", $"{n.Name} {sub.Range}", sub.Resource, sub.Key, sub.Configured,
                    found is null ? null : $"{network!.Id}-{found.IpRange}",
                    found is null ? [] : Diff(("type", found.Type, sub.Type), ("networkZone", found.NetworkZone, n.NetworkZone),
                        ("vswitchId", found.VswitchId?.ToString(CultureInfo.InvariantCulture) ?? "none", sub.Vswitch?.ToString(CultureInfo.InvariantCulture) ?? "none"))));
            }
            foreach (var x in networks.Where(x => x != network))
                entries.Add(Extra("hcloud network", $"{x.Name} {x.IpRange}", Id(x.Id)));
            if (network is not null)
                foreach (var x in network.Subnets.Where(x => x.IpRange != n.CloudSubnet && x.IpRange != n.Vswitch?.Subnet))
                    entries.Add(Extra("hcloud subnet", $"{n.Name} {x.IpRange} ({x.Type})", $"{network.Id}-{x.IpRange}"));
        }
        else notChecked.Add("network and subnets (give `hcloud network list -o json`)");

        if (live.SshKeys is { } keys)
        {
            var claimed = new HashSet<long>();
            foreach (var k in h.SshKeys)
            {
                var found = keys.FirstOrDefault(x => x.Name == k.Name) ?? keys.FirstOrDefault(x => KeyMaterial(x.PublicKey) == KeyMaterial(k.PublicKey));
                if (found is not null) claimed.Add(found.Id);
                entries.Add(Entry("hcloud SSH key", k.Name, keysOf.SshKeys.KeyName(k), $"{k.Key}.importId", k.ImportId, found is null ? null : Id(found.Id),
                    found is null ? [] : Diff(("name", found.Name, k.Name), ("publicKey", KeyMaterial(found.PublicKey), KeyMaterial(k.PublicKey)))));
            }
            foreach (var x in keys.Where(x => !claimed.Contains(x.Id)))
                entries.Add(Extra("hcloud SSH key", x.Name, Id(x.Id)));
        }
        else notChecked.Add("SSH keys (give `hcloud ssh-key list -o json`)");

        var claimedServers = new HashSet<long>();
        var claimedIps = new HashSet<long>();
        var claimedFirewalls = new HashSet<long>();
        foreach (var x in h.Servers)
        {
            var plan = keysOf.Servers.Single(p => p.Name == x.Name);
            var server = live.Servers?.FirstOrDefault(l => l.Name == x.Name);
            if (server is not null) claimedServers.Add(server.Id);
            if (live.Servers is not null)
            {
                entries.Add(Entry("hcloud server", x.Name, plan.ServerName, $"{x.Key}.importId", x.ImportId, server is null ? null : Id(server.Id),
                    server is null ? [] : Diff(("serverType", server.ServerType, x.ServerType), ("location", server.Location ?? h.Location, h.Location),
                        ("backups", Bool(server.Backups), Bool(x.Backups)), ("publicIp", server.PublicIpv4 ?? "none", x.PublicIp ?? server.PublicIpv4 ?? "none"),
                        ("ipv6", Bool(server.Ipv6), "false"),
                        ("labels", server.Labels, string.Join(",", x.Labels.Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal))),
                        ("deleteProtection", Bool(server.DeleteProtection), Bool(protect)), ("rebuildProtection", Bool(server.RebuildProtection), Bool(protect))),
                    x.PublicIp is not null && server is null ? $"configured publicIp {x.PublicIp} but no such server in the export: is it the right project?"
                        : protect && server is { DeleteProtection: false } or { RebuildProtection: false } ? $"enable it live first: hcloud server enable-protection {x.Name} delete rebuild" : null));
                if (live.Networks is not null && server is not null && network is not null
                    && server.PrivateNets.FirstOrDefault(p => p.Network == network.Id) is { Network: not 0 } attached)
                {
                    // Adopted without an import id: creating the attachment over a live one succeeds, importing it would
                    // force a replacement (terraform-provider-hcloud v1.66.1 internal/server/resource_network.go, model.go).
                    var differences = Diff(("ip", attached.Ip, x.PrivateIp));
                    entries.Add(new AdoptionEntry(differences.Count > 0 ? AdoptionGroup.Differs : AdoptionGroup.Adopt, "hcloud server network",
                        $"{x.Name} on {h.Network.Name}", plan.AttachmentName, null, null, null, differences,
                        Note: differences.Count > 0 ? "a different private IP replaces the attachment on the first up: set privateIp to the live one"
                            : "no import id needed: hcloud's create accepts the live attachment"));
                }
                else if (live.Networks is not null)
                    entries.Add(new AdoptionEntry(AdoptionGroup.Create, "hcloud server network", $"{x.Name} on {h.Network.Name}", plan.AttachmentName, null, null, null, []));
            }
            if (live.PrimaryIps is { } ips)
            {
                var ip = ips.FirstOrDefault(l => x.PublicIp is not null && l.Ip == x.PublicIp) ?? ips.FirstOrDefault(l => server?.PrimaryIpId == l.Id);
                if (ip is not null) claimedIps.Add(ip.Id);
                entries.Add(Entry("hcloud primary IP", x.PublicIp ?? $"of {x.Name}", plan.PrimaryIpName, $"{x.Key}.primaryIpImportId", x.PrimaryIpImportId,
                    ip is null ? null : Id(ip.Id), ip is null ? [] : Diff(("name", ip.Name, x.Name), ("autoDelete", Bool(ip.AutoDelete), "false"),
                        ("type", ip.Type, ServerPlan.PrimaryIpType), ("deleteProtection", Bool(ip.DeleteProtection), Bool(protect))),
                    ip is null || (ip.Name == x.Name && !ip.AutoDelete && ip.DeleteProtection == protect) ? null : $"align it live first: hcloud primary-ip update {ip.Id} --name {x.Name} --auto-delete=false{(protect ? $"; hcloud primary-ip enable-protection {ip.Id} delete" : "")}"));
            }
            if (live.Firewalls is { } firewalls)
            {
                var fw = firewalls.FirstOrDefault(l => l.Name == x.Name);
                if (fw is not null) claimedFirewalls.Add(fw.Id);
                var planned = plan.FirewallRules.Select(r => HcloudExport.Rule("in", r.Protocol, r.Port, r.SourceIps, r.Description)).Order().ToList();
                var rules = fw is null ? [] : Diff(("rules", string.Join("; ", fw.Rules), string.Join("; ", planned)));
                entries.Add(Entry("hcloud firewall", x.Name, plan.FirewallName, $"{x.Key}.firewallImportId", x.FirewallImportId, fw is null ? null : Id(fw.Id), rules,
                    rules.Count > 0 ? "an import needs the live rules to equal the plan's: set them live first (hcloud firewall replace-rules), or let the first up create the firewall under another name" : null));
            }
        }
        if (live.Servers is null) notChecked.Add("servers and their network attachments (give `hcloud server list -o json`)");
        if (live.PrimaryIps is null) notChecked.Add("primary IPs (give `hcloud primary-ip list -o json`)");
        if (live.Firewalls is null) notChecked.Add("firewalls (give `hcloud firewall list -o json`)");
        foreach (var x in live.Servers?.Where(x => !claimedServers.Contains(x.Id)) ?? [])
            entries.Add(Extra("hcloud server", $"{x.Name} {x.PublicIpv4}", Id(x.Id)));
        foreach (var x in live.PrimaryIps?.Where(x => !claimedIps.Contains(x.Id)) ?? [])
            entries.Add(Extra("hcloud primary IP", $"{x.Ip} ({x.Name})", Id(x.Id)));
        foreach (var x in live.Firewalls?.Where(x => !claimedFirewalls.Contains(x.Id)) ?? [])
            entries.Add(Extra("hcloud firewall", x.Name, Id(x.Id)));
        return entries;
    }

    private static AdoptionEntry Entry(string kind, string what, string resource, string key, string? configured, string? liveId,
        IReadOnlyList<string> differences, string? note = null) =>
        new(liveId is null ? AdoptionGroup.Create : differences.Count > 0 ? AdoptionGroup.Differs : AdoptionGroup.Adopt,
            kind, what, resource, key, liveId, configured, differences,
            Note: liveId is null && configured is not null ? AdoptionReport.Stale : note);

    private static AdoptionEntry Extra(string kind, string what, string id) =>
        new(AdoptionGroup.Extra, kind, what, null, null, id, null, [], Note: "live in the project but not in the stack: review (another stack's, or left over)");

    private static List<string> Diff(params (string Field, string Live, string Planned)[] fields) =>
        fields.Where(f => f.Live != f.Planned).Select(f => $"{f.Field}: live {f.Live}, planned {f.Planned}").ToList();

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>The key type and base64 body: the comment after them is not part of the key.</summary>
    private static string KeyMaterial(string key) => string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
}

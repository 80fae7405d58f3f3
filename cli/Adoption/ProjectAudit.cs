using System.Globalization;
using Platform.Stacks;
using Platform.Stacks.Adoption;
using Platform.Stacks.Config;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Cli.Adoption;

/// <summary>
/// The Hetzner half of the audit. Servers, networks and firewalls are found by name (unique in a project),
/// a primary IP by its address, an SSH key by name or key material (Hetzner refuses a second key with the
/// same fingerprint). Import ids are formed as pulumi-hcloud v1.39.1 documents them (sdk/dotnet/*.cs "Import").
/// </summary>
/// <remarks>
/// "adopt" means the import is followed by nothing. Since Pulumi v3.174 (pulumi/pulumi#19339,
/// pkg/resource/deploy/step_generator.go continueStepsFromImport) an import whose program inputs differ from what
/// the provider's Read returned is not refused: the engine imports, then diffs (ignoreChanges applied) and updates,
/// or replaces where the provider forces a new resource. So each input the program sets is compared below with
/// what terraform-provider-hcloud v1.66.1 (bundled by pulumi-hcloud v1.39.1, provider/go.mod) reads back; an input
/// Read never sets is either ignored after creation (<see cref="Policies.Server"/>) or reported.
/// </remarks>
public static class ProjectAudit
{
    public static IEnumerable<AdoptionEntry> Audit(StackSettings s, LiveProject live, List<string> notChecked)
    {
        var h = s.Hetzner;
        var entries = new List<AdoptionEntry>();
        var keysOf = PlanBuilder.Build(s);
        var protect = Policies.ProviderDeleteProtection(s);
        var others = new OtherStacksHcloud(s);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

        LiveNetwork? network = null;
        if (live.Networks is { } networks)
        {
            // Network: internal/network/resource.go getNetworkAttributes reads name, ip_range (ForceNew), labels,
            // delete_protection and expose_routes_to_vswitch, every input the program sets (components/Hetzner/Network.cs);
            // labels is optional and not computed, so live labels the program does not set would be removed.
            var n = h.Network;
            network = networks.FirstOrDefault(x => x.Name == n.Name);
            entries.Add(Entry("hcloud network", n.Name, keysOf.Network.NetworkName, $"{n.Key}.importId", n.ImportId,
                network is null ? null : Id(network.Id),
                network is null ? [] : Diff(("ipRange", network.IpRange, n.IpRange), ("exposeRoutesToVswitch", Bool(network.ExposeRoutesToVswitch), Bool(n.Vswitch is not null)),
                    ("deleteProtection", Bool(network.DeleteProtection), Bool(protect)), ("labels", network.Labels, "")),
                protect && network is { DeleteProtection: false } ? $"enable it live first: hcloud network enable-protection {n.Name} delete" : null));
            // Subnet: internal/network/resource_subnet.go setNetworkSubnetSchema reads network_id, network_zone, ip_range,
            // type and, for a vSwitch subnet, vswitch_id: all ForceNew, all set by the program; gateway is computed only.
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
                entries.Add(others.Network(x.Name) is { } owner ? Theirs("hcloud network", $"{x.Name} {x.IpRange}", Id(x.Id), owner)
                    : Extra("hcloud network", $"{x.Name} {x.IpRange}", Id(x.Id)));
            if (network is not null)
                foreach (var x in network.Subnets.Where(x => x.IpRange != n.CloudSubnet && x.IpRange != n.Vswitch?.Subnet))
                    entries.Add(Extra("hcloud subnet", $"{n.Name} {x.IpRange} ({x.Type})", $"{network.Id}-{x.IpRange}"));
        }
        else notChecked.Add("network and subnets (give `hcloud network list -o json`)");

        if (live.SshKeys is { } keys)
        {
            // SSH key: internal/sshkey/common.go populateResourceData reads name, public_key as the API stores it (the
            // whole line, comment included), fingerprint and labels. public_key is RequiresReplace (resource.go), compared
            // as a whole string: a key whose comment differs is replaced, not imported as it is. labels defaults to {}
            // (resourceutil.LabelsSchema), so live labels would be removed.
            var claimed = new HashSet<long>();
            foreach (var k in h.SshKeys)
            {
                var found = keys.FirstOrDefault(x => x.Name == k.Name) ?? keys.FirstOrDefault(x => KeyMaterial(x.PublicKey) == KeyMaterial(k.PublicKey));
                if (found is not null) claimed.Add(found.Id);
                var differences = found is null ? [] : Diff(("name", found.Name, k.Name), ("publicKey", found.PublicKey, k.PublicKey), ("labels", found.Labels, ""));
                entries.Add(Entry("hcloud SSH key", k.Name, keysOf.SshKeys.KeyName(k), $"{k.Key}.importId", k.ImportId, found is null ? null : Id(found.Id),
                    differences,
                    found is not null && found.PublicKey != k.PublicKey && KeyMaterial(found.PublicKey) == KeyMaterial(k.PublicKey)
                        ? $"the same key with another comment: the provider compares the whole line and would replace the key; set {k.Key}.publicKey to the live line" : null));
            }
            foreach (var x in keys.Where(x => !claimed.Contains(x.Id)))
                entries.Add(others.SshKey(x.Name) is { } owner ? Theirs("hcloud SSH key", x.Name, Id(x.Id), owner) : Extra("hcloud SSH key", x.Name, Id(x.Id)));
        }
        else notChecked.Add("SSH keys (give `hcloud ssh-key list -o json`)");

        var claimedServers = new HashSet<long>();
        var claimedIps = new HashSet<long>();
        var claimedFirewalls = new HashSet<long>();
        foreach (var x in h.Servers)
        {
            var plan = keysOf.Servers.Single(p => p.Name == x.Name);
            var server = live.Servers?.FirstOrDefault(l => l.Name == x.Name);
            var fw = live.Firewalls?.FirstOrDefault(l => l.Name == x.Name);
            if (server is not null) claimedServers.Add(server.Id);
            if (live.Servers is not null)
            {
                entries.Add(ServerEntry(x, plan, server, fw, live.Firewalls is not null, protect, h.Location));
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
                // Primary IP: internal/primaryip/model.go FromAPI reads name, type (RequiresReplace), location
                // (RequiresReplace), datacenter, assignee_id/assignee_type (optional and computed: the program sets neither,
                // see components/Hetzner/CloudServer.cs), auto_delete, labels (default {}) and delete_protection.
                var ip = ips.FirstOrDefault(l => x.PublicIp is not null && l.Ip == x.PublicIp) ?? ips.FirstOrDefault(l => server?.PrimaryIpId == l.Id);
                if (ip is not null) claimedIps.Add(ip.Id);
                entries.Add(Entry("hcloud primary IP", x.PublicIp ?? $"of {x.Name}", plan.PrimaryIpName, $"{x.Key}.primaryIpImportId", x.PrimaryIpImportId,
                    ip is null ? null : Id(ip.Id), ip is null ? [] : Diff(("name", ip.Name, x.Name), ("autoDelete", Bool(ip.AutoDelete), "false"),
                        ("type", ip.Type, ServerPlan.PrimaryIpType), ("location", ip.Location ?? h.Location, h.Location),
                        ("deleteProtection", Bool(ip.DeleteProtection), Bool(protect)), ("labels", ip.Labels, "")),
                    ip is null || (ip.Name == x.Name && !ip.AutoDelete && ip.DeleteProtection == protect) ? null : $"align it live first: hcloud primary-ip update {ip.Id} --name {x.Name} --auto-delete=false{(protect ? $"; hcloud primary-ip enable-protection {ip.Id} delete" : "")}"));
                // The server's IPv6 network is a primary IP too, made and deleted with the server (auto_delete): its own.
                if (server?.PrimaryIpv6Id is { } v6 && ips.FirstOrDefault(l => l.Id == v6) is { } ipv6)
                {
                    claimedIps.Add(ipv6.Id);
                    entries.Add(new AdoptionEntry(AdoptionGroup.Unmanaged, "hcloud primary IP", $"{ipv6.Ip} ({ipv6.Name})", null, null, Id(ipv6.Id), null, [],
                        Note: $"the IPv6 network of '{x.Name}' ({x.Key}.ipv6): created with the server, not a resource of its own"));
                }
            }
            if (live.Firewalls is not null)
            {
                // Firewall: internal/firewall/resource.go getFirewallAttributes reads name, rule (a set of direction,
                // protocol, port, source_ips, destination_ips, description), labels and apply_to; the last two are optional
                // and computed, and the program sets neither (servers list it in firewall_ids), so only rules can differ.
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
            entries.Add(others.Server(x.Name) is { } owner ? Theirs("hcloud server", $"{x.Name} {x.PublicIpv4}", Id(x.Id), owner)
                : Extra("hcloud server", $"{x.Name} {x.PublicIpv4}", Id(x.Id)));
        foreach (var x in live.PrimaryIps?.Where(x => !claimedIps.Contains(x.Id)) ?? [])
            entries.Add(others.PrimaryIp(x.Name, x.Ip, x.AssigneeId is { } a ? live.Servers?.FirstOrDefault(v => v.Id == a)?.Name : null) is { } owner
                ? Theirs("hcloud primary IP", $"{x.Ip} ({x.Name})", Id(x.Id), owner) : Extra("hcloud primary IP", $"{x.Ip} ({x.Name})", Id(x.Id)));
        foreach (var x in live.Firewalls?.Where(x => !claimedFirewalls.Contains(x.Id)) ?? [])
            entries.Add(others.Server(x.Name) is { } owner ? Theirs("hcloud firewall", x.Name, Id(x.Id), owner) : Extra("hcloud firewall", x.Name, Id(x.Id)));
        return entries;
    }

    /// <summary>
    /// Server: internal/server/resource.go getServerAttributes reads name, location, server_type, backups (from
    /// backup_window), labels, delete_protection, rebuild_protection, firewall_ids, placement_group_id, image and
    /// datacenter, and never user_data, ssh_keys, public_net, keep_disk, shutdown_before_deletion or
    /// ignore_remote_firewall_ids (the provider's own import test ignores those: resource_test.go ImportStateVerifyIgnore).
    /// The program sets userData, sshKeys, image and publicNets only for creation and ignores them after
    /// (Policies.Server); the defaults-only flags (keep_disk and the others, false) may show as a state-only update in
    /// the first preview, which resourceServerUpdate acts on for none of them. Every other input is compared; IPv6,
    /// which public_net alone carries, is reported with its key so that config says what runs.
    /// </summary>
    private static AdoptionEntry ServerEntry(ServerSettings x, ServerPlan plan, LiveServer? server, LiveFirewall? fw, bool firewallsKnown, bool protect, string location)
    {
        if (server is null)
            return Entry("hcloud server", x.Name, plan.ServerName, $"{x.Key}.importId", x.ImportId, null, [],
                x.PublicIp is not null ? $"configured publicIp {x.PublicIp} but no such server in the export: is it the right project?" : null);
        // firewall_ids is optional and computed: Read gives every firewall applied to the server, the program exactly its own.
        var plannedFirewalls = fw is not null ? fw.Id.ToString(CultureInfo.InvariantCulture) : firewallsKnown ? "the firewall to create" : null;
        var differences = Diff(("serverType", server.ServerType, x.ServerType), ("location", server.Location ?? location, location),
            ("backups", Bool(server.Backups), Bool(x.Backups)), ("publicIp", server.PublicIpv4 ?? "none", x.PublicIp ?? server.PublicIpv4 ?? "none"),
            ($"ipv6 ({x.Key}.ipv6)", Bool(server.Ipv6), Bool(x.Ipv6)),
            ("labels", server.Labels, string.Join(",", x.Labels.Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal))),
            ("deleteProtection", Bool(server.DeleteProtection), Bool(protect)), ("rebuildProtection", Bool(server.RebuildProtection), Bool(protect)),
            ("firewallIds", server.FirewallIds.Count == 0 ? "none" : string.Join(",", server.FirewallIds), plannedFirewalls ?? (server.FirewallIds.Count == 0 ? "none" : string.Join(",", server.FirewallIds))),
            ("placementGroup", server.PlacementGroupId?.ToString(CultureInfo.InvariantCulture) ?? "none", "none"));
        var notes = new List<string>();
        if (server.Ipv6 != x.Ipv6)
            notes.Add($"set {x.Key}.ipv6: {Bool(server.Ipv6)} (the import ignores it, the provider never reads public_net back, but a rebuilt server would come back {(server.Ipv6 ? "without" : "with")} IPv6)");
        if (protect && (!server.DeleteProtection || !server.RebuildProtection))
            notes.Add($"enable it live first: hcloud server enable-protection {x.Name} delete rebuild");
        return Entry("hcloud server", x.Name, plan.ServerName, $"{x.Key}.importId", x.ImportId, server.Id.ToString(CultureInfo.InvariantCulture), differences,
            notes.Count > 0 ? string.Join("; ", notes) : null);
    }

    private static AdoptionEntry Entry(string kind, string what, string resource, string key, string? configured, string? liveId,
        IReadOnlyList<string> differences, string? note = null)
    {
        var blocker = liveId is null && ImportIds.Live(configured) is not null ? AdoptionBlocker.ImportIdNotLive : AdoptionBlocker.None;
        return new(liveId is null ? AdoptionGroup.Create : differences.Count > 0 ? AdoptionGroup.Differs : AdoptionGroup.Adopt,
            kind, what, resource, key, liveId, configured, differences,
            Note: AdoptionReport.Explain(blocker)
                ?? (liveId is not null && configured == ImportIds.New ? $"declared '{ImportIds.New}' but it runs today: --write puts its id there" : note),
            Blocker: blocker);
    }

    private static AdoptionEntry Extra(string kind, string what, string id) =>
        new(AdoptionGroup.Extra, kind, what, null, null, id, null, [], Note: "live in the project but in no stack of this project: review (left over?)");

    private static AdoptionEntry Theirs(string kind, string what, string id, OtherStack owner) =>
        new(AdoptionGroup.Unmanaged, kind, what, null, null, id, null, [], Note: $"managed by stack '{owner.Name}' ({Path.GetFileName(owner.Path)})", ManagedBy: owner.Name);

    private static List<string> Diff(params (string Field, string Live, string Planned)[] fields) =>
        fields.Where(f => f.Live != f.Planned).Select(f => $"{f.Field}: live {Shown(f.Live)}, planned {Shown(f.Planned)}").ToList();

    private static string Shown(string value) => value.Length == 0 ? "none" : value;

    private static string Bool(bool b) => b ? "true" : "false";

    /// <summary>The key type and base64 body, to find a key renamed live: the comment after them is not part of the key's identity.</summary>
    private static string KeyMaterial(string key) => string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));

    /// <summary>The hcloud resources the project's other stacks declare, by the names their plans give them.</summary>
    private sealed class OtherStacksHcloud(StackSettings s)
    {
        private OtherStack? Find(Func<StackSettings, bool> declares) => s.OtherStacks.FirstOrDefault(o => declares(o.Settings));

        public OtherStack? Server(string name) => Find(o => o.Hetzner.Servers.Any(x => x.Name == name));
        public OtherStack? Network(string name) => Find(o => o.Hetzner.Network.Name == name);
        public OtherStack? SshKey(string name) => Find(o => o.Hetzner.SshKeys.Any(k => k.Name == name));

        /// <summary>A primary IP named after another stack's server, at its address, or assigned to it (its IPv6 network).</summary>
        public OtherStack? PrimaryIp(string name, string ip, string? assignee) =>
            Find(o => o.Hetzner.Servers.Any(x => x.Name == name || x.PublicIp == ip || x.Name == assignee));
    }
}

using Platform.Stacks.Config;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;

namespace Platform.Stacks;

/// <summary>
/// What already runs but carries no import id yet (DESIGN "Adopting what already runs"): the first
/// `pulumi up` would try to create it a second time (Hetzner refuses a duplicate name or key fingerprint,
/// after a new primary IP was already bought; Cloudflare refuses a duplicate CNAME or identical TXT).
/// Not a validation error: review of a stack must work before the operators have looked the ids up.
/// `validate`, `plan` and the program report these as notices; `adopt` fills them in.
/// </summary>
public static class Adoption
{
    private const string Hint = "run `dotnet run --project stacks -- adopt {0} --hcloud … --cloudflare …` (README, \"Before the first pulumi up\").";

    public static IReadOnlyList<Problem> Pending(StackSettings s)
    {
        var notices = new Problems();
        var hint = string.Format(System.Globalization.CultureInfo.InvariantCulture, Hint, s.Stack);
        var running = s.Hetzner.Servers.Where(x => x.PublicIp is not null).ToList();
        foreach (var server in running)
        {
            if (server.ImportId is null)
                notices.Add($"{server.Key}.importId",
                    $"'{server.Name}' runs today at {server.PublicIp} but has no import id: the first pulumi up would create a second server. {hint}");
            if (server.PrimaryIpImportId is null)
                notices.Add($"{server.Key}.primaryIpImportId",
                    $"the primary IP {server.PublicIp} of '{server.Name}' has no import id: the first pulumi up would buy a new address. {hint}");
            if (server.FirewallImportId is null)
                notices.Add($"{server.Key}.firewallImportId", $"the firewall of '{server.Name}' has no import id: Hetzner refuses a second firewall of the same name. {hint}");
        }

        // The network runs today when a server on it does, or when it is bridged to a Robot vSwitch (which exists only live).
        var network = s.Hetzner.Network;
        if (running.Count > 0 || network.Vswitch is not null)
        {
            if (network.ImportId is null)
                notices.Add($"{network.Key}.importId", $"the Cloud Network '{network.Name}' runs today but has no import id: network names are unique in a project, and a vSwitch connects to one network only. {hint}");
            if (network.CloudSubnetImportId is null)
                notices.Add($"{network.Key}.cloudSubnetImportId", $"the cloud subnet {network.CloudSubnet} has no import id. {hint}");
            if (network.Vswitch is { SubnetImportId: null } v)
                notices.Add($"{v.Key}.subnetImportId", $"the vSwitch subnet {v.Subnet} (vSwitch {v.Id}) has no import id. {hint}");
        }
        if (running.Count > 0)
            foreach (var key in s.Hetzner.SshKeys.Where(k => k.ImportId is null))
                notices.Add($"{key.Key}.importId", $"SSH key '{key.Name}' has no import id: Hetzner refuses a second key with the same fingerprint. {hint}");

        // The zone is live (it has a zone id): each record without an id is created, and fails if it exists.
        if (s.Dns.ZoneId.Length > 0)
        {
            foreach (var ic in s.Dns.IcDomains)
                foreach (var (field, id) in new[] { ("importId", ic.ImportId), ("canisterIdImportId", ic.CanisterIdImportId), ("acmeChallengeImportId", ic.AcmeChallengeImportId) })
                    if (id is null)
                        notices.Add($"{ic.Key}.{field}", $"IC domain '{ic.Name}': no import id; Cloudflare refuses a duplicate CNAME or identical TXT if it exists in the zone. {hint}");
            foreach (var r in s.Dns.Records.Where(r => r.ImportId is null))
                notices.Add($"{r.Key}.importId", $"{r.Type} '{r.Name}': no import id; if it exists in the zone, the first pulumi up fails on a duplicate. {hint}");
        }
        // Not an error either: the committed production keys are placeholders until the operators' arrive, and
        // review must work meanwhile; the init step itself refuses them (VaultScripts.Init).
        foreach (var (index, message) in Vault.PgpKeys.Placeholders(s.Vault.PgpKeys))
            notices.Add($"{s.Vault.Key}.pgpKeys[{index}]", message);
        return notices.Items;
    }
}

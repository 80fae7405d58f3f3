using Platform.Stacks.Dns;

namespace Platform.Stacks.Adoption;

/// <summary>Something to do before the first deployment that is not an error: its kind (one summary line each), key and why.</summary>
public sealed record Notice(string Kind, string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>
/// What already runs but carries no import id yet (README "Before the first `pulumi up`"): the first
/// `pulumi up` would try to create it a second time (Hetzner refuses a duplicate name or key fingerprint,
/// after a new primary IP was already bought; Cloudflare refuses a duplicate CNAME or identical TXT).
/// Not a validation error: review of a stack must work before the operators have looked the ids up.
/// A resource whose import id is <c>new</c> is declared not to run today and asks for nothing; `adopt --write`
/// writes ids and <c>new</c>, so nothing it saw still asks afterwards. `validate`, `plan` and the program
/// summarise these in one line per kind (<see cref="Notices"/>).
/// </summary>
public static class PendingAdoption
{
    public const string ImportKind = "import-id";
    public const string PlaceholderKind = "pgp-placeholder";

    public static IReadOnlyList<Notice> Notices(StackSettings s)
    {
        var notices = new List<Notice>();
        void Unknown(string key, string? configured, string message)
        {
            if (ImportIds.Unknown(configured))
                notices.Add(new Notice(ImportKind, key, message));
        }

        var running = s.Hetzner.Servers.Where(x => x.PublicIp is not null).ToList();
        foreach (var server in running)
        {
            Unknown($"{server.Key}.importId", server.ImportId, $"'{server.Name}' runs today at {server.PublicIp}: the first pulumi up would create a second server.");
            Unknown($"{server.Key}.primaryIpImportId", server.PrimaryIpImportId, $"the primary IP {server.PublicIp} of '{server.Name}': the first pulumi up would buy a new address.");
            Unknown($"{server.Key}.firewallImportId", server.FirewallImportId, $"the firewall of '{server.Name}': Hetzner refuses a second firewall of the same name.");
        }

        // The network runs today when a server on it does, or when it is bridged to a Robot vSwitch (which exists only live).
        var network = s.Hetzner.Network;
        if (running.Count > 0 || network.Vswitch is not null)
        {
            Unknown($"{network.Key}.importId", network.ImportId, $"the Cloud Network '{network.Name}': network names are unique in a project, and a vSwitch connects to one network only.");
            Unknown($"{network.Key}.cloudSubnetImportId", network.CloudSubnetImportId, $"the cloud subnet {network.CloudSubnet}.");
            if (network.Vswitch is { } v)
                Unknown($"{v.Key}.subnetImportId", v.SubnetImportId, $"the vSwitch subnet {v.Subnet} (vSwitch {v.Id}).");
        }
        if (running.Count > 0)
            foreach (var key in s.Hetzner.SshKeys)
                Unknown($"{key.Key}.importId", key.ImportId, $"SSH key '{key.Name}': Hetzner refuses a second key with the same name or fingerprint.");

        // The zone is live (it has a zone id): each record without an id is created, and fails if it exists.
        if (s.Dns.ZoneId.Length > 0)
            foreach (var r in DnsZone.Records(s.Dns))
                Unknown(r.KeyOf("importId"), r.ImportId, $"{r.Type} '{r.Fqdn}': Cloudflare refuses a duplicate CNAME or identical TXT if it exists in the zone.");

        // Not an error either: the committed production keys are placeholders until the operators' arrive, and
        // review must work meanwhile; the init step itself refuses them (VaultScripts.Init).
        foreach (var (index, message) in Vault.PgpKeys.Placeholders(s.Vault.PgpKeys))
            notices.Add(new Notice(PlaceholderKind, $"{s.Vault.Key}.pgpKeys[{index}]", message));
        return notices;
    }
}

using Platform.Stacks.Config;

namespace Platform.Stacks;

/// <summary>
/// What already runs but carries no import id yet (DESIGN "Adopting what already runs"): the first
/// `pulumi up` would try to create it a second time (Hetzner then refuses the duplicate name, after a new
/// primary IP was already bought). Not a validation error: review of a stack must work before the
/// operators have looked the ids up. `validate`, `plan` and the program report these as notices.
/// </summary>
public static class Adoption
{
    public static IReadOnlyList<Problem> Pending(StackSettings s)
    {
        var notices = new Problems();
        foreach (var server in s.Hetzner.Servers.Where(x => x.PublicIp is not null))
        {
            if (server.ImportId is null)
                notices.Add($"{server.Key}.importId",
                    $"'{server.Name}' runs today at {server.PublicIp} but has no import id: the first pulumi up would create a second server. " +
                    $"Set it to the server's id (hcloud server describe {server.Name} -o format='{{{{.ID}}}}').");
            if (server.PrimaryIpImportId is null)
                notices.Add($"{server.Key}.primaryIpImportId",
                    $"the primary IP {server.PublicIp} of '{server.Name}' has no import id: the first pulumi up would buy a new address. " +
                    $"Set it to the primary IP's id (hcloud primary-ip list).");
        }
        return notices.Items;
    }
}

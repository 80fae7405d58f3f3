using System.Text;
using Platform.Stacks;
using Platform.Stacks.Plan;

namespace Platform.Cli;

/// <summary>The topology as a Mermaid graph: hosts, network and vSwitch, gateway routes, DNS names → addresses.</summary>
public static class MermaidPlan
{
    public static string Write(StackPlan plan, StackSettings settings)
    {
        var sb = new StringBuilder("graph LR\n");
        string Id(string name) => new(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        var n = plan.Network;
        sb.AppendLine($"  subgraph net_{Id(n.Name)}[\"Cloud Network {n.Name} {n.IpRange}\"]");
        sb.AppendLine($"    subnet_cloud[\"cloud subnet {n.CloudSubnet}\"]");
        if (n.Vswitch is { } v)
            sb.AppendLine($"    subnet_vswitch[\"vSwitch {v.Id} VLAN {v.Vlan} {v.Subnet} gw {v.Gateway}\"]");
        sb.AppendLine("  end");
        foreach (var s in plan.Servers)
            sb.AppendLine($"  host_{Id(s.Name)}[\"{s.Name} ({s.ServerType}) {s.KnownPublicIp ?? "new primary IP"} / {s.PrivateIp}\"] --- subnet_cloud");
        if (plan.Dedicated is { } d)
            sb.AppendLine($"  host_{Id(d.Name)}[\"{d.Name} (Robot) {d.PublicIp} / {d.PrivateIp}\"] --- subnet_vswitch");
        sb.AppendLine($"  gateway[\"Traefik {plan.Gateway.Host}\"] --- host_{Id(plan.K3s.Host.HostName)}");
        sb.AppendLine($"  vault[\"Vault {plan.Vault.Address}\"] --- host_{Id(plan.Vault.Host.HostName)}");
        foreach (var i in plan.Gateway.Ingresses)
        {
            var shim = plan.Gateway.Shims.FirstOrDefault(x => x.Settings.Name == i.Backend);
            var target = shim?.Settings.Address is { } a ? $"{a}:{i.Port}" : shim?.Settings.ExternalName ?? $"{i.Backend}:{i.Port}";
            sb.AppendLine($"  gateway -->|\"{i.Path}\"| route_{Id(i.ResourceName)}[\"{target}\"]");
            if (shim?.Settings.Address is { } addr && plan.Servers.FirstOrDefault(x => x.PrivateIp == addr) is { } server)
                sb.AppendLine($"  route_{Id(i.ResourceName)} -.->|private network| host_{Id(server.Name)}");
        }
        foreach (var r in plan.Dns.Records.Where(r => r.Type is "A" or "AAAA"))
        {
            // A record that names its host points at it; one with a literal address, at the host known by that address.
            var host = r.Address?.Host ?? plan.Servers.FirstOrDefault(x => x.KnownPublicIp == r.Content)?.Name
                       ?? (plan.Dedicated is { } dh && dh.PublicIp == r.Content ? dh.Name : null);
            sb.AppendLine(host is null
                ? $"  dns_{Id(r.LogicalName)}([\"{r.Fqdn}\"]) --> addr_{Id(r.Content ?? "")}[\"{r.Content}\"]"
                : $"  dns_{Id(r.LogicalName)}([\"{r.Fqdn}\"]) --> host_{Id(host)}");
        }
        foreach (var ic in plan.Dns.IcDomains)
            sb.AppendLine($"  dns_{Id(ic.Name)}([\"{ic.Domain}\"]) -->|DNS-only| ic_{Id(ic.Name)}[\"IC canister {ic.CanisterId}\"]");
        return sb.ToString();
    }
}

using System.Text.Json;
using Platform.Cli;

namespace Platform.Stacks.Tests.Plan;

public class OutputFormatTests
{
    [Fact]
    public void The_json_plan_is_stable_and_parseable()
    {
        var first = JsonPlan.Write(Stack.Production.Plan());
        var second = JsonPlan.Write(Stack.Production.Plan());

        Assert.Equal(first, second);
        using var doc = JsonDocument.Parse(first);
        Assert.Equal("production", doc.RootElement.GetProperty("stack").GetString());
        Assert.Equal(23, doc.RootElement.GetProperty("counts").GetProperty("cloudflare:index/dnsRecord:DnsRecord").GetInt32());
    }

    [Fact]
    public void No_output_format_ever_holds_a_secret_value()
    {
        var stack = Stack.Production;
        foreach (var text in new[] { JsonPlan.Write(stack.Plan()), TreePlan.Write(stack.Plan()) })
        {
            Assert.DoesNotContain("v1:UNSET", text);
            Assert.DoesNotContain("BEGIN OPENSSH PRIVATE KEY", text);
        }
        Assert.Contains("connection.privateKey = [secret]", TreePlan.Write(stack.Plan()));
    }

    [Fact]
    public void The_tree_marks_protected_resources_and_counts_types()
    {
        var tree = TreePlan.Write(Stack.Production.Plan());

        Assert.Contains("hwdao-private-network  (hcloud:index/network:Network)  [protected]", tree);
        Assert.Contains("23  cloudflare:index/dnsRecord:DnsRecord", tree);
        Assert.Contains("critical path (12 steps)", tree); // the host, the Vault chain, the first backups
    }

    [Fact]
    public void The_mermaid_topology_shows_hosts_vswitch_routes_and_names()
    {
        var stack = Stack.Production;
        var mermaid = MermaidPlan.Write(stack.Plan(), Validation.Load(stack).Settings);

        Assert.StartsWith("graph LR", mermaid);
        Assert.Contains("vSwitch 80388 VLAN 4010 10.0.1.0/24 gw 10.0.1.1", mermaid);
        Assert.Contains("ax42u-hel1 (Robot) 157.180.13.84 / 10.0.1.3", mermaid);
        Assert.Contains("|\"/oracle\"|", mermaid);
        Assert.Contains("10.0.0.2:8788", mermaid);
        Assert.Contains("([\"apis.helloworlddao.com\"]) --> host_ax42u_hel1", mermaid);
    }
}

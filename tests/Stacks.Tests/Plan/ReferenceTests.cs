using Platform.Stacks.Dns;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Plan;

/// <summary>
/// A value that is another resource's output is a reference to that resource in the plan, never a phrase to parse:
/// components resolve it to the output, the parity test to what the mocks gave, and review reads its description.
/// </summary>
public class ReferenceTests
{
    public static TheoryData<string> Stacks => new() { "staging", "production" };

    [Fact]
    public void A_record_that_names_a_server_holds_a_reference_to_that_servers_primary_ip_and_waits_for_it()
    {
        var plan = Stack.Staging.Plan();
        var k3s = plan.Servers.Single(s => s.Name == "staging-k3s");

        var record = plan.Resources.Single(r => r.Type == Tokens.DnsRecord && r.Inputs["name"] == "staging-apis.helloworlddao.com");

        Assert.Equal(new ReferenceInput(k3s.PublicIpv4), record.References["content"]);
        Assert.Equal((Tokens.HcloudPrimaryIp, "staging-k3s-ip", "ipAddress"), (k3s.PublicIpv4.Type, k3s.PublicIpv4.Resource, k3s.PublicIpv4.Output));
        Assert.Equal("primary IP of staging-k3s", record.Inputs["content"]);
        Assert.Equal([k3s.PrimaryIpName], record.DependsOn);
    }

    /// <summary>oracle-bridge is adopted with its address: review reads the address, the program connects to the primary IP's output.</summary>
    [Fact]
    public void A_command_on_an_adopted_server_shows_its_address_and_connects_to_its_primary_ip()
    {
        var plan = Stack.Production.Plan();
        var bridge = plan.Servers.Single(s => s.Name == "oracle-bridge");
        var host = plan.Resources.Single(r => r.Name == bridge.HostCommandName);

        Assert.Equal("65.21.149.226", host.Inputs["connection.host"]);
        Assert.Equal(new ReferenceInput(bridge.PublicIpv4, Shown: "65.21.149.226"), host.References["connection.host"]);
        // The dedicated server is adopted by address: its commands connect to that address, no resource's output.
        Assert.All(plan.Resources.Where(r => r.Type == Tokens.RemoteCommand && r.Inputs["connection.host"] == plan.Dedicated!.PublicIp),
            r => Assert.Empty(r.References));
    }

    [Theory]
    [InlineData("staging", "K3S_PUBLIC_IP=primary IP of staging-k3s")]
    [InlineData("production", "K3S_PUBLIC_IP=157.180.13.84")]
    public void The_k3s_steps_are_sent_the_cluster_hosts_address(string stack, string shown)
    {
        var plan = Stack.Load(stack).Plan();

        foreach (var step in new[] { plan.K3s.InstallName, plan.K3s.KubeconfigName })
        {
            var r = plan.Resources.Single(x => x.Name == step);
            Assert.Equal(shown, r.Inputs["stdin"]);
            if (plan.K3s.Host.Address.Output is { } ip)
                Assert.Equal(new ReferenceInput(ip, "K3S_PUBLIC_IP="), r.References["stdin"]);
            else
                Assert.DoesNotContain("stdin", r.References.Keys);
        }
    }

    /// <summary>Every reference names a resource the plan registers, of the type it says, and its holder waits for it.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_reference_names_a_planned_resource_that_its_holder_waits_for(string stack)
    {
        var resources = Stack.Load(stack).Plan().Resources;
        var byName = resources.ToDictionary(r => r.Name);
        var references = resources.SelectMany(r => r.References.Values.Select(v => (Holder: r, v.Reference))).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, x =>
        {
            Assert.Equal(x.Reference.Type, byName[x.Reference.Resource].Type);
            Assert.Contains(x.Reference.Resource, Upstream(x.Holder, byName));
        });
    }

    /// <summary>What a description of a reference says is never written into an input as text: it comes with its reference.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void No_input_spells_a_servers_primary_ip_without_referring_to_it(string stack)
    {
        var plan = Stack.Load(stack).Plan();
        var descriptions = plan.Servers.Select(s => s.PublicIpv4.Description).ToList();

        Assert.All(plan.Resources.SelectMany(r => r.Inputs.Select(i => (r, i.Key, i.Value))), x =>
        {
            if (descriptions.Any(x.Value.Contains))
                Assert.True(x.r.References.ContainsKey(x.Key), $"{x.r.Name} {x.Key}: '{x.Value}' without its reference");
        });
    }

    /// <summary>An IC custom domain's three records come out of the DNS model with their domain: nothing regroups them by key.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void An_ic_domains_records_come_grouped_with_it(string stack)
    {
        var settings = Validation.Load(Stack.Load(stack)).Settings;
        var zone = DnsZone.Zone(settings.Dns);
        var plan = PlanBuilder.Build(settings).Dns;

        Assert.Equal(settings.Dns.IcDomains, zone.IcDomains.Select(d => d.Domain));
        Assert.All(zone.IcDomains, d =>
        {
            var fqdn = DnsZone.Fqdn(d.Domain.Name, settings.Dns.Zone);
            Assert.Equal([("CNAME", fqdn), ("TXT", $"_canister-id.{fqdn}"), ("CNAME", $"_acme-challenge.{fqdn}")], d.Records.Select(r => (r.Type, r.Fqdn)));
            Assert.All(d.Records, r => Assert.True(r.IcBoundary));
        });
        Assert.Equal(zone.IcDomains.Select(d => d.Records), plan.IcDomains.Select(d => d.Records));
        Assert.Equal(zone.Records.Select(r => r.LogicalName), plan.Records.Select(r => r.LogicalName));
        Assert.Equal(zone.All, DnsZone.Records(settings.Dns));
    }

    private static HashSet<string> Upstream(PlannedResource r, Dictionary<string, PlannedResource> byName)
    {
        var seen = new HashSet<string>();
        var next = new System.Collections.Generic.Stack<string>(r.DependsOn);
        while (next.TryPop(out var name))
            if (seen.Add(name))
                foreach (var d in byName[name].DependsOn) next.Push(d);
        return seen;
    }
}

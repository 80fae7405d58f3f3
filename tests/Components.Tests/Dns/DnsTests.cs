using Platform.Components.Dns;
using Platform.Components.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Components.Tests.Dns;

[Collection(PulumiCollection.Name)]
public sealed class DnsTests
{
    private static Task<PulumiTest> Zone(string stack) => PulumiTest.Components(stack, (plan, test) =>
    {
        var keys = new SshKeys(plan.SshKeys);
        var network = new HetznerNetwork(plan.Network);
        var ips = plan.Servers.ToDictionary(s => s.PublicIpv4, s => new CloudServer(s, keys, network, Pulumi.Output.CreateSecret("test private key")).PublicIpv4);
        _ = new ManagedZone(plan.Dns, host => host.Output is { } ip ? ips[ip] : host.Known!, test.Recording);
        return new Dictionary<string, object?>();
    });

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task Every_internet_computer_record_is_dns_only(string stack)
    {
        var test = await Zone(stack);
        var plan = PulumiTest.Plan(stack);

        var icRecords = plan.Dns.IcDomains.SelectMany(d => d.Records).Select(r => test.Named(r.LogicalName)).ToList();
        Assert.Equal(3 * plan.Dns.IcDomains.Count, icRecords.Count);
        Assert.All(icRecords, r => Assert.Equal(false, r.At("proxied")));
    }

    [Fact]
    public async Task Every_record_says_whether_it_is_proxied()
    {
        var test = await Zone("production");

        Assert.All(test.OfType(Tokens.DnsRecord), r => Assert.IsType<bool>(r.At("proxied")));
    }

    /// <summary>
    /// A record whose config names a server holds, in the plan, a reference to that server's primary IP output; the
    /// program resolves it to that output, the address the mocks gave that IP (each IP gets its own), never another's.
    /// </summary>
    [Fact]
    public async Task An_a_record_for_a_server_holds_the_primary_ip_output_its_reference_names()
    {
        var test = await PulumiTest.Program("staging");
        var plan = PulumiTest.Plan("staging");

        var pointing = plan.Resources.Where(r => r.Type == Tokens.DnsRecord && r.References.ContainsKey("content")).ToList();
        Assert.Equal(["staging-oracle-bridge-ip", "staging-k3s-ip"], pointing.Select(r => r.References["content"].Reference.Resource));
        Assert.All(pointing, r =>
        {
            var ip = r.References["content"].Reference;
            Assert.Equal(Tokens.HcloudPrimaryIp, test.Named(ip.Resource).Type);
            Assert.Equal(test.OutputOf(ip.Resource, ip.Output), test.Named(r.Name).Text("content"));
        });
        Assert.NotEqual(test.Named(pointing[0].Name).Text("content"), test.Named(pointing[1].Name).Text("content"));
    }

    [Fact]
    public async Task Ic_records_belong_to_their_custom_domain_component()
    {
        var test = await Zone("production");

        Assert.Equal(7, test.OfType(Tokens.IcCustomDomainComponent).Count());
        Assert.Equal(Tokens.DnsRecord, test.Named("dns-txt-_canister-id-www").Type);
        Assert.Equal("ic3vh-5qaaa-aaaaf-qazma-cai", test.Named("dns-txt-_canister-id-www").Text("content"));
    }
}

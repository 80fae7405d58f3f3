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
        var ips = plan.Servers.ToDictionary(s => s.Name, s => new CloudServer(s, keys, network, Pulumi.Output.CreateSecret("test private key")).PublicIpv4);
        _ = new ManagedZone(plan.Dns, ips, test.Recording);
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

    [Fact]
    public async Task An_a_record_for_a_server_points_at_its_primary_ip()
    {
        var test = await Zone("staging");

        var ip = test.Named("staging-k3s-ip");
        var record = test.OfType(Tokens.DnsRecord).Single(r => r.Text("name") == "staging-apis.helloworlddao.com");
        Assert.Matches(@"^198\.51\.100\.\d+$", record.Text("content"));
        Assert.NotNull(ip);
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

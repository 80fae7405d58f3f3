using Platform.Stacks.Dns;

namespace Platform.Stacks.Tests.Rules;

/// <summary>
/// Rule ic-records-dns-only, rule proxy-where-cloudflare-can, rule unmanaged-records-untouched, rule
/// one-owner-per-record: IC records DNS-only; proxy only where possible; unmanaged names untouched; no clashes.
/// </summary>
public class DnsRuleTests
{
    [Fact]
    public void An_ic_custom_domain_asked_to_be_proxied_is_an_error()
    {
        var problem = Assert.Single(Stack.Production.Set($"{Www}.proxied", "true").Problems());

        Assert.Equal($"{Www}.proxied", problem.Key);
        Assert.Contains("DNS-only", problem.Message);
    }

    [Fact]
    public void An_ic_custom_domain_explicitly_dns_only_is_fine() =>
        Assert.Empty(Stack.Production.Set($"{Www}.proxied", "false").Problems());

    [Theory]
    [InlineData("CNAME", "shop", "shop.helloworlddao.com.icp1.io")]
    [InlineData("CNAME", "old", "old.helloworlddao.com.ic0.app")]
    [InlineData("TXT", "_canister-id.shop", "rrkah-fqaaa-aaaaa-aaaaq-cai")]
    [InlineData("CNAME", "_acme-challenge.shop", "_acme-challenge.shop.helloworlddao.com.icp2.io")]
    public void A_hand_written_ic_boundary_record_cannot_be_proxied(string type, string name, string content)
    {
        var stack = Record(Stack.Production, type, name, content).Set($"{Added}.proxied", "true");

        Assert.Contains($"{Added}.proxied", stack.ProblemKeys());
    }

    [Fact]
    public void Only_a_a_aaaa_and_cname_can_be_proxied()
    {
        var problems = Record(Stack.Production, "TXT", "@", "v=spf1 -all").Set($"{Added}.proxied", "true").Problems();

        Assert.Contains(problems, p => p.Key == $"{Added}.proxied" && p.Message.Contains("only A, AAAA and CNAME"));
    }

    [Fact]
    public void A_proxied_record_keeps_the_automatic_ttl()
    {
        var apis = Stack.Production.Entry("platform:dns.records", "apis");
        var stack = Stack.Production.Set($"{apis}.proxied", "true");

        Assert.Empty(stack.Problems());
        Assert.Contains($"{apis}.ttl", stack.Set($"{apis}.ttl", "300").ProblemKeys());
    }

    [Fact]
    public void A_managed_record_with_an_unmanaged_name_is_an_error()
    {
        var stack = Record(Stack.Production, "TXT", "_domainconnect", "anything");

        var problem = Assert.Single(stack.Problems());
        Assert.Equal(Added, problem.Key);
        Assert.Contains("unmanaged", problem.Message);
    }

    [Fact]
    public void Unmanaged_patterns_match_by_prefix() =>
        Assert.Contains(Added, Record(Stack.Production, "A", "staging-oracle", "65.21.149.226").ProblemKeys());

    [Fact]
    public void Two_cnames_for_one_name_clash()
    {
        var stack = Record(Stack.Production, "CNAME", "www", "elsewhere.example.com");

        Assert.Contains(Added, stack.ProblemKeys());
    }

    [Fact]
    public void Multi_value_types_may_share_a_name() =>
        Assert.Empty(Record(Stack.Production, "TXT", "@", "google-site-verification=abc").Problems());

    [Fact]
    public void The_same_multi_value_record_twice_is_an_error()
    {
        var once = Record(Stack.Production, "TXT", "_dmarc", "v=DMARC1; p=none");
        var second = once.Next("platform:dns.records");
        var twice = Record(once, "TXT", "_dmarc", "v=DMARC1; p=none");

        Assert.Contains(second, twice.ProblemKeys());
    }

    [Fact]
    public void An_a_record_must_point_at_an_address_or_a_known_server()
    {
        Assert.Contains($"{Added}.content", Record(Stack.Production, "A", "api2", "not-an-ip").ProblemKeys());
        var oracle = Stack.Production.Entry("platform:dns.records", "oracle");
        var unknown = Stack.Production.Set($"{oracle}.server", "no-such-server");
        Assert.Contains($"{oracle}.server", unknown.ProblemKeys());
    }

    [Fact]
    public void Every_ic_domain_expands_to_three_dns_only_records()
    {
        var records = DnsZone.Records(Settings(Stack.Production).Dns).Where(r => r.ConfigKey == Www).ToList();

        Assert.Equal(
            [("CNAME", "www.helloworlddao.com", "www.helloworlddao.com.icp1.io"),
             ("TXT", "_canister-id.www.helloworlddao.com", "ic3vh-5qaaa-aaaaf-qazma-cai"),
             ("CNAME", "_acme-challenge.www.helloworlddao.com", "_acme-challenge.www.helloworlddao.com.icp2.io")],
            records.Select(r => (r.Type, r.Fqdn, r.Content!)));
        Assert.All(records, r => Assert.False(r.Proxied));
    }

    /// <summary>The IC custom domain <c>www</c>.</summary>
    private static readonly string Www = Stack.Production.Entry("platform:dns.icDomains", "www");

    /// <summary>The key of a record <see cref="Record"/> appends to production's.</summary>
    private static readonly string Added = Stack.Production.Next("platform:dns.records");

    /// <summary>Appends a record after the stack's own.</summary>
    internal static Stack Record(Stack stack, string type, string name, string content)
    {
        var added = stack.Next("platform:dns.records");
        return stack.Set($"{added}.name", name).Set($"{added}.type", type).Set($"{added}.content", content);
    }

    internal static StackSettings Settings(Stack stack) => Validation.Load(stack).Settings;
}

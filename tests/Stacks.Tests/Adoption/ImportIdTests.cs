using Platform.Stacks.Adoption;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>Item 1 of issue 11: every resource that can already exist takes an import id, and the plan marks it `import`.</summary>
public class ImportIdTests
{
    private const string Zone = "c54ceb83773e6dc926a644a2d4e8d4af";
    private static string Record(char c) => $"{Zone}/{new string(c, 32)}";

    /// <summary>Production with every import id set, as `adopt --write` leaves it.</summary>
    public static Stack Adopted() => Stack.Production
        .Set("platform:hetzner.sshKeys[0].importId", "101")
        .Set("platform:hetzner.sshKeys[1].importId", "102")
        .Set("platform:hetzner.network.importId", "2001")
        .Set("platform:hetzner.network.cloudSubnetImportId", "2001-10.0.0.0/24")
        .Set("platform:hetzner.network.vswitch.subnetImportId", "2001-10.0.1.0/24")
        .Set("platform:hetzner.servers[0].importId", "48213645")
        .Set("platform:hetzner.servers[0].primaryIpImportId", "61234567")
        .Set("platform:hetzner.servers[0].firewallImportId", "3001")
        .Set("platform:dns.icDomains[1].importId", Record('a'))
        .Set("platform:dns.icDomains[1].canisterIdImportId", Record('b'))
        .Set("platform:dns.icDomains[1].acmeChallengeImportId", Record('c'))
        .Set("platform:dns.records[0].importId", Record('d'));

    [Theory]
    [InlineData("ssh-oracle-bridge-deploy", "101")]
    [InlineData("ssh-hetzner-vps", "102")]
    [InlineData("hwdao-private-network", "2001")]
    [InlineData("hwdao-private-cloud", "2001-10.0.0.0/24")]
    [InlineData("hwdao-private-vswitch", "2001-10.0.1.0/24")]
    [InlineData("oracle-bridge-server", "48213645")]
    [InlineData("oracle-bridge-ip", "61234567")]
    [InlineData("oracle-bridge-firewall", "3001")]
    [InlineData("dns-cname-www", Zone + "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("dns-txt-_canister-id-www", Zone + "/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("dns-cname-_acme-challenge-www", Zone + "/cccccccccccccccccccccccccccccccc")]
    [InlineData("dns-a-oracle", Zone + "/dddddddddddddddddddddddddddddddd")]
    public void Each_adoptable_resource_carries_its_import_id(string resource, string importId) =>
        Assert.Equal(importId, Adopted().Plan().Resources.Single(r => r.Name == resource).Policy.ImportId);

    [Fact]
    public void The_network_attachment_is_never_imported() =>
        Assert.Null(Adopted().Plan().Resources.Single(r => r.Name == "oracle-bridge-private").Policy.ImportId);

    [Fact]
    public void The_plan_marks_adopted_resources_import()
    {
        var tree = Platform.Cli.TreePlan.Write(Adopted().Plan());

        Assert.Contains("import 2001-10.0.1.0/24", tree);
        Assert.Contains($"import {Zone}/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", tree);
    }

    [Fact]
    public void Adopting_keeps_production_protection() =>
        Assert.True(Adopted().Plan().Resources.Single(r => r.Name == "hwdao-private-network").Policy.Protect);

    [Theory]
    [InlineData("platform:hetzner.network.importId", "net-1", "platform:hetzner.network.importId")]
    [InlineData("platform:hetzner.sshKeys[0].importId", "abc", "platform:hetzner.sshKeys[0].importId")]
    [InlineData("platform:hetzner.network.cloudSubnetImportId", "2001-10.0.9.0/24", "platform:hetzner.network.cloudSubnetImportId")]
    [InlineData("platform:hetzner.servers[0].privateNetworkImportId", "1-2", "platform:hetzner.servers[0].privateNetworkImportId")] // not a key: an attachment is never imported
    [InlineData("platform:dns.records[0].importId", "0123456789abcdef", "platform:dns.records[0].importId")]
    [InlineData("platform:dns.icDomains[2].importId", "0123456789abcdef0123456789abcdef/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "platform:dns.icDomains[2].importId")]
    [InlineData("platform:dns.icDomains[2].acmeChallengeImportId", Zone + "/dddddddddddddddddddddddddddddddd", "platform:dns.records[0]")]
    public void A_malformed_or_foreign_import_id_is_an_error_naming_its_key(string key, string value, string reported)
    {
        var keys = Adopted().Set(key, value).ProblemKeys();

        Assert.Contains(reported, keys);
    }

    [Fact]
    public void A_fully_adopted_production_is_valid() => Assert.Empty(Adopted().Problems());
}

public class NoticeTests
{
    [Fact]
    public void What_runs_today_without_import_ids_is_a_notice_not_an_error()
    {
        var stack = Stack.Production;
        var notices = PendingAdoption.Notices(Validation.Load(stack).Settings).Select(n => n.Key).ToList();

        Assert.Empty(stack.Problems());
        foreach (var key in new[]
                 {
                     "platform:hetzner.servers[0].importId", "platform:hetzner.servers[0].primaryIpImportId",
                     "platform:hetzner.servers[0].firewallImportId",
                     "platform:hetzner.network.importId", "platform:hetzner.network.cloudSubnetImportId",
                     "platform:hetzner.network.vswitch.subnetImportId", "platform:hetzner.sshKeys[1].importId",
                     "platform:dns.icDomains[0].importId", "platform:dns.icDomains[0].canisterIdImportId",
                     "platform:dns.icDomains[0].acmeChallengeImportId", "platform:dns.records[1].importId",
                 })
            Assert.Contains(key, notices);
    }

    [Fact]
    public void Import_ids_clear_the_hetzner_notices() =>
        Assert.DoesNotContain(PendingAdoption.Notices(Validation.Load(ImportIdTests.Adopted()).Settings),
            n => n.Key.StartsWith("platform:hetzner", StringComparison.Ordinal));

    [Fact]
    public void New_servers_need_no_import_but_the_live_zone_records_do()
    {
        var notices = PendingAdoption.Notices(Validation.Load(Stack.Staging).Settings);

        Assert.DoesNotContain(notices, n => n.Key.StartsWith("platform:hetzner", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Key == "platform:dns.icDomains[0].importId");
    }
}

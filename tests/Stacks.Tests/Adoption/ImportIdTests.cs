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
        .Set($"{Stack.Production.SshKey("oracle-bridge-deploy")}.importId", "101")
        .Set($"{Stack.Production.SshKey("hetzner-vps")}.importId", "102")
        .Set("platform:hetzner.network.importId", "2001")
        .Set("platform:hetzner.network.cloudSubnetImportId", "2001-10.0.0.0/24")
        .Set("platform:hetzner.network.vswitch.subnetImportId", "2001-10.0.1.0/24")
        .Set($"{Stack.Production.Server("oracle-bridge")}.importId", "48213645")
        .Set($"{Stack.Production.Server("oracle-bridge")}.primaryIpImportId", "61234567")
        .Set($"{Stack.Production.Server("oracle-bridge")}.firewallImportId", "3001")
        .Set($"{Stack.Production.IcDomain("www")}.importId", Record('a'))
        .Set($"{Stack.Production.IcDomain("www")}.canisterIdImportId", Record('b'))
        .Set($"{Stack.Production.IcDomain("www")}.acmeChallengeImportId", Record('c'))
        .Set($"{Stack.Production.Record("oracle")}.importId", Record('d'));

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

    public static TheoryData<string, string, string> MalformedIds()
    {
        var p = Stack.Production;
        var (deployKey, server, oracle, portal) = (p.SshKey("oracle-bridge-deploy"), p.Server("oracle-bridge"), p.Record("oracle"), p.IcDomain("portal"));
        return new()
        {
            { "platform:hetzner.network.importId", "net-1", "platform:hetzner.network.importId" },
            { $"{deployKey}.importId", "abc", $"{deployKey}.importId" },
            { "platform:hetzner.network.cloudSubnetImportId", "2001-10.0.9.0/24", "platform:hetzner.network.cloudSubnetImportId" },
            { $"{server}.privateNetworkImportId", "1-2", $"{server}.privateNetworkImportId" }, // not a key: an attachment is never imported
            { $"{oracle}.importId", "0123456789abcdef", $"{oracle}.importId" },
            { $"{portal}.importId", "0123456789abcdef0123456789abcdef/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", $"{portal}.importId" },
            { $"{portal}.acmeChallengeImportId", Zone + "/dddddddddddddddddddddddddddddddd", oracle }, // the oracle record's id, twice
        };
    }

    [Theory]
    [MemberData(nameof(MalformedIds))]
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
                     $"{Stack.Production.Server("oracle-bridge")}.importId", $"{Stack.Production.Server("oracle-bridge")}.primaryIpImportId",
                     $"{Stack.Production.Server("oracle-bridge")}.firewallImportId",
                     "platform:hetzner.network.importId", "platform:hetzner.network.cloudSubnetImportId",
                     "platform:hetzner.network.vswitch.subnetImportId", $"{Stack.Production.SshKey("hetzner-vps")}.importId",
                     $"{Stack.Production.IcDomain("@")}.importId", $"{Stack.Production.IcDomain("@")}.canisterIdImportId",
                     $"{Stack.Production.IcDomain("@")}.acmeChallengeImportId", $"{Stack.Production.Record("apis")}.importId",
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
        Assert.Contains(notices, n => n.Key == $"{Stack.Staging.IcDomain("staging-www")}.importId");
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Stacks.Plan;
using static Platform.Stacks.Tests.Adoption.Exports;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>
/// "adopt" means Pulumi imports the resource and then has nothing to change (since Pulumi 3.174 a difference is
/// applied right after the import, a forced replacement included). One test per adoptable type: the realistic
/// export adopts, and each input the program sets that the provider's Read returns differently is reported
/// (cli/Adoption/ProjectAudit.cs and ZoneAudit.cs cite what each Read sets).
/// </summary>
public class ImportWithNoDiffTests
{
    private const string Server = "hcloud server", Ip = "hcloud primary IP", Key = "hcloud SSH key";

    /// <summary>The live VPS as production wants it: Hetzner's delete and rebuild protection on.</summary>
    private static readonly Action<JsonNode> Protected = list =>
        Named(list, "oracle-bridge")["protection"] = new JsonObject { ["delete"] = true, ["rebuild"] = true };

    private static string Servers(Action<JsonNode>? more = null) => Edited("hcloud-servers.json", list => { Protected(list); more?.Invoke(list); });

    private static JsonElement Hetzner(params string[] replaced) => Report(Project(), "production", Hcloud([Servers(), .. replaced]));

    [Fact]
    public void The_realistic_project_adopts_every_type_once_the_vps_is_protected()
    {
        var report = Hetzner();

        foreach (var (kind, what) in new[]
                 {
                     ("hcloud network", "hwdao-private"), ("hcloud cloud subnet", "hwdao-private 10.0.0.0/24"),
                     ("hcloud vSwitch subnet", "hwdao-private 10.0.1.0/24"), (Key, "oracle-bridge-deploy"), (Key, "hetzner-vps"),
                     (Server, "oracle-bridge"), ("hcloud server network", "oracle-bridge on hwdao-private"), (Ip, "65.21.149.226"),
                     ("hcloud firewall", "oracle-bridge"),
                 })
            Assert.True(GroupOf(report, kind, what) == "adopt", $"{kind} {what}: {GroupOf(report, kind, what)}");
        Assert.Empty(report.GetProperty("differs").EnumerateArray());
    }

    [Fact]
    public void A_network_adopts_only_with_its_live_labels_and_vswitch_routes()
    {
        var labelled = Edited("hcloud-networks.json", list => Named(list, "hwdao-private")["labels"] = new JsonObject { ["team"] = "ops" });
        var unrouted = Edited("hcloud-networks.json", list => Named(list, "hwdao-private")["expose_routes_to_vswitch"] = false);

        Assert.Equal(["labels: live team=ops, planned none"], Differences(Entry(Hetzner(labelled), "differs", "hcloud network", "hwdao-private")!.Value));
        Assert.Equal(["exposeRoutesToVswitch: live false, planned true"], Differences(Entry(Hetzner(unrouted), "differs", "hcloud network", "hwdao-private")!.Value));
    }

    [Fact]
    public void A_subnet_adopts_only_on_its_vswitch()
    {
        var other = Edited("hcloud-networks.json", list => Named(list, "hwdao-private")["subnets"]![1]!["vswitch_id"] = 80399);

        Assert.Equal(["vswitchId: live 80399, planned 80388"], Differences(Entry(Hetzner(other), "differs", "hcloud vSwitch subnet", "hwdao-private 10.0.1.0/24")!.Value));
    }

    [Fact]
    public void An_ssh_key_is_compared_as_the_whole_line_the_provider_replaces_on()
    {
        // The same key material with another comment: the provider's public_key is RequiresReplace on the whole string.
        var recommented = Edited("hcloud-ssh-keys.json", list =>
            Named(list, "hetzner-vps")["public_key"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHetznerVpsAdminKeyPublicHalfReplaceMe000002 admin@laptop");

        var entry = Entry(Hetzner(recommented), "differs", Key, "hetzner-vps")!.Value;

        Assert.Equal(["publicKey: live ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHetznerVpsAdminKeyPublicHalfReplaceMe000002 admin@laptop, " +
            "planned ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHetznerVpsAdminKeyPublicHalfReplaceMe000002 root@ax42u-hel1"], Differences(entry));
        Assert.Contains($"set {Stack.Production.SshKey("hetzner-vps")}.publicKey to the live line", entry.GetProperty("note").GetString());
        Assert.Equal("102", entry.GetProperty("importId").GetString()); // still found, by its key material
    }

    [Fact]
    public void A_rotated_ssh_key_is_deleted_before_its_replacement_is_created()
    {
        // Hetzner refuses a second key of the same name: the old one must go first. Servers ignore sshKeys after
        // creation, so the replacement does not reach them (Policies.Server).
        var plan = Stack.Production.Plan();

        Assert.All(plan.Resources.Where(r => r.Type == Tokens.HcloudSshKey), r => Assert.True(r.Policy.DeleteBeforeReplace, r.Name));
        Assert.All(plan.Resources.Where(r => r.Type == Tokens.HcloudServer), r => Assert.Contains("sshKeys", r.Policy.IgnoredChanges));
        Assert.Contains("ssh-hetzner-vps  (hcloud:index/sshKey:SshKey)  [delete before replace]", Platform.Cli.TreePlan.Write(plan));
    }

    [Fact]
    public void A_server_reports_its_ipv6_with_the_key_that_says_so()
    {
        var project = Project(production: y => y.Replace("        ipv6: true\n", ""));

        var entry = Entry(Report(project, "production", Hcloud(Servers())), "differs", Server, "oracle-bridge")!.Value;

        Assert.Equal([$"ipv6 ({Stack.Production.Server("oracle-bridge")}.ipv6): live true, planned false"], Differences(entry));
        Assert.Contains($"set {Stack.Production.Server("oracle-bridge")}.ipv6: true", entry.GetProperty("note").GetString());
    }

    [Fact]
    public void A_server_adopts_only_with_the_firewalls_and_placement_it_has_live()
    {
        var extraFirewall = Servers(list => Named(list, "oracle-bridge")["public_net"]!["firewalls"]!.AsArray().Add(new JsonObject { ["id"] = 3002, ["status"] = "applied" }));
        var placed = Servers(list => Named(list, "oracle-bridge")["placement_group"] = new JsonObject { ["id"] = 77, ["name"] = "spread" });

        Assert.Equal(["firewallIds: live 3001,3002, planned 3001"],
            Differences(Entry(Report(Project(), "production", Hcloud(extraFirewall)), "differs", Server, "oracle-bridge")!.Value));
        Assert.Equal(["placementGroup: live 77, planned none"],
            Differences(Entry(Report(Project(), "production", Hcloud(placed)), "differs", Server, "oracle-bridge")!.Value));
    }

    [Fact]
    public void The_servers_ipv6_network_is_its_own_not_an_extra()
    {
        var report = Hetzner();

        var ipv6 = Entry(report, "unmanaged", Ip, "2a01:4f9:c012:8d2f::/64 (primary_ip-61234568)")!.Value;
        Assert.Contains("the IPv6 network of 'oracle-bridge'", ipv6.GetProperty("note").GetString());
    }

    [Fact]
    public void A_primary_ip_adopts_only_in_its_location_and_with_its_labels()
    {
        var moved = Edited("hcloud-primary-ips.json", list => Named(list, "oracle-bridge")["datacenter"] = new JsonObject
        {
            ["name"] = "fsn1-dc14", ["location"] = new JsonObject { ["name"] = "fsn1" },
        });
        var labelled = Edited("hcloud-primary-ips.json", list => Named(list, "oracle-bridge")["labels"] = new JsonObject { ["dns"] = "oracle" });

        Assert.Equal(["location: live fsn1, planned hel1"], Differences(Entry(Hetzner(moved), "differs", Ip, "65.21.149.226")!.Value));
        Assert.Equal(["labels: live dns=oracle, planned none"], Differences(Entry(Hetzner(labelled), "differs", Ip, "65.21.149.226")!.Value));
    }

    [Fact]
    public void A_firewall_adopts_only_with_the_plans_rules()
    {
        var renamed = Edited("hcloud-firewalls.json", list => Named(list, "oracle-bridge")["rules"]![2]!["description"] = "web");

        Assert.Single(Differences(Entry(Hetzner(renamed), "differs", "hcloud firewall", "oracle-bridge")!.Value), d => d.Contains("'web'"));
    }

    [Fact]
    public void Ic_records_without_a_live_comment_adopt_because_the_stack_invents_none()
    {
        var report = Report(Project(), "production", Cloudflare(Pages));

        foreach (var what in new[] { "TXT _canister-id.www.helloworlddao.com", "CNAME _acme-challenge.www.helloworlddao.com", "A oracle.helloworlddao.com" })
            Assert.Equal("adopt", GroupOf(report, "dns", what));
        Assert.Null(DnsRecordsOf(Stack.Production.Plan()).FirstOrDefault(r => r.Inputs.GetValueOrDefault("comment") is not null));
    }

    private static IEnumerable<PlannedResource> DnsRecordsOf(StackPlan plan) => plan.Resources.Where(r => r.Type == Tokens.DnsRecord);

    public static TheoryData<string?, string, string> LiveComments => new()
    {
        { "verified by ops", "", $"comment ({Stack.Production.IcDomain("www")}.canisterIdComment): live 'verified by ops', planned none" },
        { "", "", $"comment ({Stack.Production.IcDomain("www")}.canisterIdComment): live '', planned none" },
        { null, "        canisterIdComment: set here\n", $"comment ({Stack.Production.IcDomain("www")}.canisterIdComment): live none, planned 'set here'" },
        { "set here", "        canisterIdComment: set here\n", "" },
    };

    /// <summary>
    /// The provider's comment is optional and not computed (dns_record schema.go): Read's null, an empty comment and a
    /// text are three values, and the program's must be the live one or the import is followed by an update.
    /// </summary>
    [Theory]
    [MemberData(nameof(LiveComments))]
    public void A_records_comment_is_config_compared_exactly(string? live, string configured, string difference)
    {
        var page = Edited("dns_records.page1.json", p => Record(p, "_canister-id.www.helloworlddao.com", "TXT")["comment"] = live);
        var project = Project(production: y => y.Replace("      - name: www\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n",
            "      - name: www\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n" + configured));

        var report = Report(project, "production", Cloudflare(page, Pages[1]));

        if (difference.Length == 0)
            Assert.Equal("adopt", GroupOf(report, "dns", "TXT _canister-id.www.helloworlddao.com"));
        else
            Assert.Equal([difference], Differences(Entry(report, "differs", "dns", "TXT _canister-id.www.helloworlddao.com")!.Value));
    }

    [Fact]
    public void Write_with_live_cosmetics_takes_a_records_live_comment_and_ttl_and_it_then_adopts()
    {
        var page = Edited("dns_records.page1.json", p =>
        {
            var txt = Record(p, "_canister-id.www.helloworlddao.com", "TXT");
            txt["comment"] = "verified \"by\" ops";
            txt["ttl"] = 300;
            Record(p, "oracle.helloworlddao.com", "A")["ttl"] = 3600;
        });
        var dir = Project();
        var path = Path.Combine(dir, "Pulumi.production.yaml");
        var before = File.ReadAllText(path);

        var (exit, output, err) = RunAdopt(dir, "production", [.. Cloudflare(page, Pages[1]), "--write", "--live-cosmetics"]);

        Assert.True(exit is 0 or 1, err);
        Assert.Contains("(written; canisterIdTtl and canisterIdComment written)", output);
        var after = File.ReadAllText(path);
        Assert.Contains("        canisterIdTtl: 300\n        canisterIdComment: \"verified \\\"by\\\" ops\"\n", after);
        Assert.Contains("        ttl: 3600\n", after);
        var removed = after.Split('\n').Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+(\w*ImportId|importId|canisterIdTtl|canisterIdComment|ttl): "));
        Assert.Equal(before, string.Join('\n', removed)); // only added lines
        var again = Report(dir, "production", Cloudflare(page, Pages[1]));
        Assert.Equal("adopt", GroupOf(again, "dns", "TXT _canister-id.www.helloworlddao.com"));
        Assert.Equal("adopt", GroupOf(again, "dns", "A oracle.helloworlddao.com"));
    }

    [Fact]
    public void Without_live_cosmetics_write_leaves_comments_and_ttls_to_the_operator()
    {
        var page = Edited("dns_records.page1.json", p => Record(p, "oracle.helloworlddao.com", "A")["ttl"] = 3600);
        var dir = Project();

        var (_, output, _) = RunAdopt(dir, "production", [.. Cloudflare(page, Pages[1]), "--write"]);

        Assert.DoesNotContain("ttl: 3600", File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
        Assert.Contains("1 record differs only in comment or TTL: --write --live-cosmetics takes the live values into the stack file.", output);
        Assert.Equal([$"ttl ({Stack.Production.Record("oracle")}.ttl): live 3600, planned 1"],
            Differences(Entry(Report(dir, "production", Cloudflare(page, Pages[1])), "differs", "dns", "A oracle.helloworlddao.com")!.Value));
    }

    [Fact]
    public void Live_cosmetics_change_the_stack_file_so_they_need_write()
    {
        var (exit, _, err) = RunAdopt(Project(), "production", [.. Cloudflare(Pages), "--live-cosmetics"]);

        Assert.Equal(2, exit);
        Assert.Contains("--live-cosmetics changes the stack file: give --write with it.", err);
    }
}

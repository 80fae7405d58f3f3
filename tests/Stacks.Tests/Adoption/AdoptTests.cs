using System.Text.Json;
using Platform.Cli;
using Platform.Cli.Adoption;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>
/// `adopt` on exports that reproduce the incident of docs/sources/hello-world-dao-infrastructure.txt: 61 records live, 28 of them exactly as planned,
/// the IC CNAMEs proxied by Cloudflare's auto-import, two `_acme-challenge` records it missed, the unmanaged
/// `_domainconnect` and `_gh-…` records and staging's, and the extras (an apex AAAA, a duplicate DMARC, a
/// legacy CAA, a GoDaddy leftover). The stack is production plus the records the zone holds for mail and sites.
/// </summary>
public class AdoptTests
{
    private static readonly string Fixtures = Path.Combine(Stack.RepoRoot, "tests", "Stacks.Tests", "Fixtures", "Adoption");
    private static string Fixture(string name) => Path.Combine(Fixtures, name);
    private static readonly string[] Pages = [Fixture("dns_records.page1.json"), Fixture("dns_records.page2.json")];
    private static readonly string[] Hcloud =
        ["hcloud-firewalls.json", "hcloud-servers.json", "hcloud-ssh-keys.json", "hcloud-networks.json", "hcloud-primary-ips.json"];

    /// <summary>
    /// A project folder as the repository has it (both stacks, which share the zone), whose production stack also
    /// lists the zone's mail and site records.
    /// </summary>
    private static string Project(Func<string, string>? edit = null)
    {
        var dir = Directory.CreateTempSubdirectory("platform-adopt-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        File.Copy(Path.Combine(Stack.RepoRoot, "Pulumi.staging.yaml"), Path.Combine(dir, "Pulumi.staging.yaml"));
        var production = File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));
        const string anchor = "      # Mail (MX, SPF, DKIM, DMARC)";
        Assert.Contains(anchor, production);
        var yaml = production.Replace(anchor, File.ReadAllText(Fixture("records.yaml")) + anchor);
        File.WriteAllText(Path.Combine(dir, "Pulumi.production.yaml"), edit is null ? yaml : edit(yaml));
        return dir;
    }

    private static (int Exit, string Out, string Err) Adopt(string dir, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = CommandLine.Run(["adopt", "production", "--dir", dir, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Cloudflare(params string[] files) => files.SelectMany(f => new[] { "--cloudflare", f }).ToArray();
    private static string[] HcloudArgs() => Hcloud.SelectMany(f => new[] { "--hcloud", Fixture(f) }).ToArray();

    private static JsonElement Json(string dir, params string[] args)
    {
        var (_, output, err) = Adopt(dir, [.. args, "--json"]);
        Assert.True(output.Length > 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static List<string> Whats(JsonElement report, string group) =>
        report.GetProperty(group).EnumerateArray().Select(e => e.GetProperty("what").GetString()!).ToList();

    [Fact]
    public void The_incident_zone_lands_every_record_in_one_group()
    {
        var report = Json(Project(), Cloudflare(Pages));

        Assert.Equal(61, report.GetProperty("liveRecords").GetInt32());
        Assert.Equal(28, Whats(report, "adopt").Count);
        Assert.Equal(7, Whats(report, "differs").Count);
        Assert.Equal(["CNAME _acme-challenge.ottercamp.helloworlddao.com", "CNAME _acme-challenge.governance.helloworlddao.com"], Whats(report, "create"));
        Assert.Equal(22, Whats(report, "unmanaged").Count);
        Assert.Equal(4, Whats(report, "extra").Count);
        // every live record is accounted for exactly once: adopted, differing, unmanaged or extra
        Assert.Equal(61, new[] { "adopt", "differs", "unmanaged", "extra" }.Sum(g => report.GetProperty(g).GetArrayLength()));
        Assert.False(report.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public void Every_proxied_ic_cname_is_called_out_as_the_outage_it_is()
    {
        var report = Json(Project(), Cloudflare(Pages));

        var differs = report.GetProperty("differs").EnumerateArray().ToList();
        Assert.All(differs, e =>
        {
            Assert.True(e.GetProperty("outage").GetBoolean());
            Assert.Equal(["proxied: live true, planned false"], e.GetProperty("differences").EnumerateArray().Select(d => d.GetString()));
        });
        Assert.Contains("CNAME www.helloworlddao.com", differs.Select(e => e.GetProperty("what").GetString()));
        Assert.Contains($"{Stack.Production.IcDomain("www")}.importId", differs.Select(e => e.GetProperty("configKey").GetString()));
    }

    [Fact]
    public void The_extras_are_the_ones_the_infrastructure_document_names_and_unmanaged_records_are_left_alone()
    {
        var report = Json(Project(), Cloudflare(Pages));

        Assert.Equal(["AAAA helloworlddao.com 2606:4700:3030::6815:1234", "TXT _dmarc.helloworlddao.com v=DMARC1; p=none",
            "CAA helloworlddao.com 0 issue \"digicert.com\"", "CNAME autodiscover.helloworlddao.com autodiscover.outlook.com"], Whats(report, "extra"));
        var unmanaged = Whats(report, "unmanaged");
        Assert.Contains(unmanaged, w => w.StartsWith("CNAME _domainconnect.helloworlddao.com", StringComparison.Ordinal));
        Assert.Contains(unmanaged, w => w.StartsWith("TXT _gh-hello-world-coop-dao-e.helloworlddao.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_record_of_an_ic_custom_domain_gets_its_own_import_id()
    {
        var adopt = Json(Project(), Cloudflare(Pages)).GetProperty("adopt").EnumerateArray()
            .ToDictionary(e => e.GetProperty("configKey").GetString()!, e => e.GetProperty("importId").GetString()!);

        Assert.Matches("^c54ceb83773e6dc926a644a2d4e8d4af/[0-9a-f]{32}$", adopt[$"{Stack.Production.IcDomain("www")}.canisterIdImportId"]);
        Assert.Matches("^c54ceb83773e6dc926a644a2d4e8d4af/[0-9a-f]{32}$", adopt[$"{Stack.Production.IcDomain("www")}.acmeChallengeImportId"]);
        Assert.NotEqual(adopt[$"{Stack.Production.IcDomain("www")}.canisterIdImportId"], adopt[$"{Stack.Production.IcDomain("www")}.acmeChallengeImportId"]);
    }

    [Fact]
    public void The_bind_export_gives_the_same_groups_but_no_ids_to_write()
    {
        var json = Json(Project(), Cloudflare(Pages));
        var bind = Json(Project(), Cloudflare(Fixture("helloworlddao.com.txt")));

        foreach (var group in new[] { "adopt", "differs", "create", "extra", "unmanaged" })
            Assert.Equal(Whats(json, group).Order(), Whats(bind, group).Order());
        Assert.All(bind.GetProperty("adopt").EnumerateArray(), e => Assert.False(e.TryGetProperty("importId", out _)));
    }

    [Fact]
    public void A_bind_export_alone_cannot_clear_records_that_have_no_import_id()
    {
        // Without record ids the audit cannot fill them in, and each live record the stack plans would be created again.
        var dir = Project();
        var unproxied = Path.Combine(dir, "helloworlddao.com.txt");
        File.WriteAllText(unproxied, File.ReadAllText(Fixture("helloworlddao.com.txt")).Replace("cf-proxied:true", "cf-proxied:false"));

        var (exit, output, _) = Adopt(dir, "--cloudflare", unproxied);
        var report = Json(dir, "--cloudflare", unproxied);

        Assert.Equal(1, exit);
        Assert.Contains("not ready for the first pulumi up: 35 would be created twice, 0 IC records proxied live", output);
        Assert.False(report.GetProperty("ready").GetBoolean());
        Assert.All(report.GetProperty("adopt").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "dns"),
            e => Assert.True(e.GetProperty("createdTwice").GetBoolean()));
    }

    [Fact]
    public void The_json_and_the_bind_export_together_count_each_record_once() =>
        Assert.Equal(61, Json(Project(), Cloudflare([.. Pages, Fixture("helloworlddao.com.txt")])).GetProperty("liveRecords").GetInt32());

    [Fact]
    public void Write_fills_every_id_keeping_the_file_byte_for_byte_otherwise_and_the_next_plan_imports()
    {
        var dir = Project();
        var path = Path.Combine(dir, "Pulumi.production.yaml");
        var before = File.ReadAllText(path);

        var (exit, _, err) = Adopt(dir, [.. Cloudflare(Pages), .. HcloudArgs(), "--write"]);

        Assert.Equal(1, exit); // the IC CNAMEs are still proxied live: written, but not ready
        Assert.Contains("wrote", err);
        var after = File.ReadAllText(path);
        var removed = after.Split('\n').Where(l => !l.TrimStart().StartsWith("importId", StringComparison.Ordinal)
            && !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\w+ImportId: "));
        Assert.Equal(before, string.Join('\n', removed)); // only added lines: comments, order, secure: values untouched
        Assert.Contains("    secure: v1:UNSET", after);

        var plan = Validation.Load(Platform.Stacks.Config.StackFile.Load(dir, "production"));
        Assert.Empty(plan.Problems);
        var resources = Platform.Stacks.Plan.PlanBuilder.Build(plan.Settings).Resources;
        foreach (var name in new[] { "dns-cname-www", "dns-txt-_canister-id-www", "dns-cname-_acme-challenge-www", "dns-mx-apex-" ,
                     "hwdao-private-network", "hwdao-private-cloud", "hwdao-private-vswitch", "ssh-hetzner-vps",
                     "oracle-bridge-server", "oracle-bridge-ip", "oracle-bridge-firewall" })
            Assert.Contains(resources, r => r.Name.StartsWith(name, StringComparison.Ordinal) && r.Policy.ImportId is not null);
        Assert.Null(resources.Single(r => r.Name == "dns-cname-_acme-challenge-governance").Policy.ImportId);
        Assert.Equal("2001-10.0.1.0/24", resources.Single(r => r.Name == "hwdao-private-vswitch").Policy.ImportId);
        Assert.Null(resources.Single(r => r.Name == "oracle-bridge-private").Policy.ImportId);
    }

    [Fact]
    public void Once_written_and_unproxied_live_the_stack_is_ready()
    {
        var dir = Project();
        var unproxied = Directory.CreateTempSubdirectory("platform-adopt-live-").FullName;
        var pages = Pages.Select(p =>
        {
            var copy = Path.Combine(unproxied, Path.GetFileName(p));
            File.WriteAllText(copy, File.ReadAllText(p).Replace("\"proxied\": true", "\"proxied\": false"));
            return copy;
        }).ToArray();
        Adopt(dir, [.. Cloudflare(pages), .. HcloudArgs(), "--write"]);

        var (exit, output, _) = Adopt(dir, [.. Cloudflare(pages), .. HcloudArgs()]);

        Assert.Equal(0, exit);
        Assert.Contains("no duplicates: nothing would be created twice", output);
    }

    [Fact]
    public void The_hcloud_lists_are_recognised_by_content_and_leftovers_are_extras()
    {
        var report = Json(Project(), HcloudArgs());

        var adopt = report.GetProperty("adopt").EnumerateArray().Where(e => e.TryGetProperty("configKey", out _)).ToDictionary(e => e.GetProperty("configKey").GetString()!, e => e.GetProperty("importId").GetString()!);
        Assert.Equal("2001", adopt["platform:hetzner.network.importId"]);
        Assert.Equal("2001-10.0.0.0/24", adopt["platform:hetzner.network.cloudSubnetImportId"]);
        Assert.Equal("102", adopt[$"{Stack.Production.SshKey("hetzner-vps")}.importId"]);
        Assert.Equal("61234567", adopt[$"{Stack.Production.Server("oracle-bridge")}.primaryIpImportId"]);
        Assert.Equal("3001", adopt[$"{Stack.Production.Server("oracle-bridge")}.firewallImportId"]);
        Assert.Contains(report.GetProperty("adopt").EnumerateArray(), e => e.GetProperty("what").GetString() == "oracle-bridge on hwdao-private"
            && !e.TryGetProperty("importId", out _));
        Assert.Equal(["hcloud server oracle-bridge-old 95.216.10.20", "hcloud primary IP 95.216.10.20 (primary_ip-55500001)"],
            report.GetProperty("extra").EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("what").GetString()}"));
        Assert.Contains(report.GetProperty("notChecked").EnumerateArray(), n => n.GetString()!.StartsWith("the zone", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_input_the_plan_sets_is_compared_because_pulumi_refuses_an_import_that_differs()
    {
        var dir = Directory.CreateTempSubdirectory("platform-adopt-hcloud-").FullName;
        File.WriteAllText(Path.Combine(dir, "firewalls.json"), File.ReadAllText(Fixture("hcloud-firewalls.json")).Replace("203.0.113.0/28", "0.0.0.0/0"));
        File.WriteAllText(Path.Combine(dir, "ips.json"), File.ReadAllText(Fixture("hcloud-primary-ips.json")).Replace("\"name\": \"oracle-bridge\"", "\"name\": \"primary_ip-61234567\""));

        var report = Json(Project(), "--hcloud", Fixture("hcloud-servers.json"), "--hcloud", Path.Combine(dir, "firewalls.json"), "--hcloud", Path.Combine(dir, "ips.json"));

        var differs = report.GetProperty("differs").EnumerateArray().ToDictionary(e => e.GetProperty("kind").GetString()!,
            e => e.GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).ToList());
        Assert.Equal(["deleteProtection: live false, planned true", "rebuildProtection: live false, planned true"], differs["hcloud server"]);
        Assert.Equal(["name: live primary_ip-61234567, planned oracle-bridge"], differs["hcloud primary IP"]);
        Assert.Contains("0.0.0.0/0,198.51.100.10/32,203.0.113.20/32 'ssh from admins'", Assert.Single(differs["hcloud firewall"]));
        Assert.Contains(report.GetProperty("notChecked").EnumerateArray(), n => n.GetString()!.StartsWith("network and subnets", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_page_is_an_error_and_nothing_is_written()
    {
        var dir = Project();
        var before = File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml"));

        var (exit, _, err) = Adopt(dir, [.. Cloudflare(Pages[0]), "--write"]);

        Assert.Equal(2, exit);
        Assert.Contains("the zone has 61 records (result_info.total_count) but the pages given hold 50", err);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "truncated.json", File.ReadAllText(Fixture("dns_records.page1.json"))[..4000], "not valid JSON" },
        { "other-zone.json", File.ReadAllText(Fixture("dns_records.page2.json")).Replace("helloworlddao.com", "example.org"), "is not in helloworlddao.com: an export of another zone?" },
        { "other-zone-id.json", """{"result":[{"id":"a","zone_id":"0123456789abcdef0123456789abcdef","zone_name":"example.org","name":"www.helloworlddao.com","type":"A","content":"192.0.2.1"}],"success":true}""", "a record of zone 0123456789abcdef0123456789abcdef (example.org)" },
        { "failed.json", """{"result":null,"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}""", "the API answered success=false (Authentication error)" },
        { "servers-as-dns.json", File.ReadAllText(Fixture("hcloud-servers.json")), "not a DNS record (no 'type' and 'name')" },
        { "other.zone", "$ORIGIN example.org.\nwww 300 IN A 192.0.2.1\n", "$ORIGIN example.org. is not in helloworlddao.com" },
        { "truncated.zone", "$ORIGIN helloworlddao.com.\n@ 3600 IN SOA elmo.ns.cloudflare.com. dns.cloudflare.com. ( 1 2\n", "'(' never closed" },
        { "cut.zone", "$ORIGIN helloworlddao.com.\nwww 1 IN TXT \"half a str\n", "a quoted string is not closed" },
        { "notes.txt", "remember to export the zone\n", "is not a record type" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_or_foreign_cloudflare_export_is_one_clear_error_and_nothing_is_written(string name, string content, string message)
    {
        var dir = Project();
        var file = Path.Combine(dir, name);
        File.WriteAllText(file, content);
        var before = File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml"));

        var (exit, output, err) = Adopt(dir, "--cloudflare", file, "--write");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, err);
        Assert.Contains(name, err);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
    }

    [Theory]
    [InlineData("""[{"id": 1, "name": "x"}]""", "none of server, primary IP, network, SSH key or firewall")]
    [InlineData("""{"result": []}""", "not an hcloud list")]
    [InlineData("""[{"id":1,"name":"k","fingerprint":"f","public_key":"p"},{"id":2,"name":"n","ip_range":"10.0.0.0/8","subnets":[]}]""", "mixes a SSH key and a network")]
    [InlineData("""[{"id":1,"name":"k","fingerprint":"f",""", "not valid JSON")]
    public void A_malformed_hcloud_export_is_one_clear_error(string content, string message)
    {
        var dir = Project();
        var file = Path.Combine(dir, "hcloud.json");
        File.WriteAllText(file, content);

        var (exit, _, err) = Adopt(dir, "--hcloud", file);

        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }

    [Theory]
    [InlineData("null\n")] // what `hcloud firewall list -o json` prints in a project without firewalls
    [InlineData("[]")]
    public void An_empty_hcloud_list_is_not_an_error(string content)
    {
        var dir = Project();
        var empty = Path.Combine(dir, "hcloud-firewall.json");
        File.WriteAllText(empty, content);

        var (exit, output, err) = Adopt(dir, "--hcloud", Fixture("hcloud-servers.json"), "--hcloud", empty);

        Assert.NotEqual(2, exit);
        Assert.Empty(err);
        Assert.Contains("hcloud server oracle-bridge", output);
    }

    [Fact]
    public void The_apis_empty_firewall_list_means_the_first_up_creates_the_firewall()
    {
        var dir = Project();
        var empty = Path.Combine(dir, "firewalls.json");
        File.WriteAllText(empty, """{"firewalls": [], "meta": {"pagination": {"total_entries": 0}}}""");

        var report = Json(dir, "--hcloud", Fixture("hcloud-servers.json"), "--hcloud", empty);

        Assert.Contains("hcloud firewall", report.GetProperty("create").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public void Bind_names_are_read_relative_absolute_and_omitted()
    {
        var records = Platform.Cli.Adoption.BindExport.Read("z", """
            $ORIGIN helloworlddao.com.
            $TTL 300
            @        IN MX 10 mx1.improvmx.com.
                     IN MX 20 mx2
            www      1 IN CNAME www.helloworlddao.com.icp1.io. ; cf_tags=cf-proxied:true
            $ORIGIN sub.helloworlddao.com.
            api      IN TXT "a; b" "c"
            abs.helloworlddao.com. 60 IN A 192.0.2.7
            """, "helloworlddao.com");

        Assert.Equal(["MX helloworlddao.com mx1.improvmx.com", "MX helloworlddao.com mx2.helloworlddao.com",
            "CNAME www.helloworlddao.com www.helloworlddao.com.icp1.io", "TXT api.sub.helloworlddao.com a; bc", "A abs.helloworlddao.com 192.0.2.7"],
            records.Select(r => r.Describe));
        Assert.Equal([300, 300, 1, 300, 60], records.Select(r => r.Ttl));
        Assert.Equal([10, 20, null, null, null], records.Select(r => r.Priority));
        Assert.Equal([false, false, true, false, false], records.Select(r => r.Proxied));
    }

    [Fact]
    public void Adopt_without_an_export_is_a_usage_error()
    {
        var (exit, _, err) = Adopt(Project());

        Assert.Equal(2, exit);
        Assert.Contains("give at least one export", err);
        Assert.Contains(" adopt <STACK> [options]", err);
    }

    [Theory]
    [InlineData("--cloudflare")]
    [InlineData("--hcloud")]
    public void An_export_option_without_its_file_is_a_usage_error_not_a_crash(string option)
    {
        var (exit, _, err) = Adopt(Project(), option);

        Assert.Equal(2, exit);
        Assert.Contains($"Required argument missing for option: '{option}'", err);
        Assert.DoesNotContain("give at least one export", err);
    }

    [Fact]
    public void A_configured_id_that_is_not_live_blocks()
    {
        var dir = Project(y => y.Replace("      - name: governance\n", "      - name: governance\n        acmeChallengeImportId: c54ceb83773e6dc926a644a2d4e8d4af/ffffffffffffffffffffffffffffffff\n"));

        var (exit, output, _) = Adopt(dir, Cloudflare(Pages));

        Assert.Equal(1, exit);
        Assert.Contains("1 import id not live", output);
        Assert.Contains(AdoptionReport.Explain(AdoptionBlocker.ImportIdNotLive)!, output);
    }

    [Fact]
    public void Txt_content_quoted_on_one_side_only_is_a_difference_pulumi_would_refuse()
    {
        var quoted = Path.Combine(Directory.CreateTempSubdirectory("platform-adopt-txt-").FullName, "page1.json");
        File.WriteAllText(quoted, File.ReadAllText(Pages[0]).Replace("\"content\": \"v=spf1 include:spf.improvmx.com include:amazonses.com ~all\"",
            "\"content\": \"\\\"v=spf1 include:spf.improvmx.com include:amazonses.com ~all\\\"\""));

        var differs = Json(Project(), Cloudflare(quoted, Pages[1])).GetProperty("differs").EnumerateArray()
            .Single(e => e.GetProperty("what").GetString() == "TXT helloworlddao.com");

        Assert.StartsWith("content as written: live \"v=spf1", Assert.Single(differs.GetProperty("differences").EnumerateArray()).GetString());
    }

    [Fact]
    public void A_record_to_create_beside_a_live_cname_blocks()
    {
        // The stack would create an A record where the zone has the GoDaddy-era CNAME: Cloudflare refuses it.
        var dir = Project(y => y.Replace("      - name: \"blog\"\n", "      - name: autodiscover\n        type: A\n        content: 192.0.2.10\n      - name: \"blog\"\n"));

        var (exit, output, _) = Adopt(dir, [.. Cloudflare(Pages), "--write"]);

        Assert.Equal(1, exit);
        Assert.Contains(AdoptionReport.Explain(AdoptionBlocker.ClashesWithLiveRecord, "CNAME autodiscover.helloworlddao.com autodiscover.outlook.com")!, output);
        Assert.Contains("1 clash with a live record", output);
    }

    [Fact]
    public void A_wrong_configured_id_of_a_live_record_is_replaced_by_write()
    {
        var wrong = "c54ceb83773e6dc926a644a2d4e8d4af/ffffffffffffffffffffffffffffffff";
        var dir = Project(y => y.Replace("      - name: portal\n", $"      - name: portal\n        canisterIdImportId: {wrong}\n"));

        var entry = Json(dir, Cloudflare(Pages)).GetProperty("adopt").EnumerateArray()
            .Single(e => e.GetProperty("configKey").GetString() == $"{Stack.Production.IcDomain("portal")}.canisterIdImportId");
        Adopt(dir, [.. Cloudflare(Pages), "--write"]);

        Assert.True(entry.GetProperty("createdTwice").GetBoolean());
        Assert.Equal(wrong, entry.GetProperty("configuredImportId").GetString());
        var text = File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml"));
        Assert.DoesNotContain(wrong, text);
        Assert.Contains($"canisterIdImportId: \"{entry.GetProperty("importId").GetString()}\"", text);
    }

    [Fact]
    public void Ids_swapped_between_two_records_of_the_same_content_are_caught_and_corrected()
    {
        // The apex and www serve the same canister: their _canister-id TXT records hold the same text.
        const string zone = "c54ceb83773e6dc926a644a2d4e8d4af";
        var (apex, www) = ($"{zone}/8d01349e46003bc828b24ce91621380f", $"{zone}/07027388fc7890c508e9e5d790c9a83f");
        var dir = Project(y => y
            .Replace("      - name: \"@\"\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n", $"      - name: \"@\"\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n        canisterIdImportId: {www}\n")
            .Replace("      - name: www\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n", $"      - name: www\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n        canisterIdImportId: {apex}\n"));

        Assert.Contains($"canisterIdImportId: {www}", File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
        Assert.Contains($"canisterIdImportId: {apex}", File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));

        var (exit, _, _) = Adopt(dir, Cloudflare(Pages));
        var adopt = Json(dir, Cloudflare(Pages)).GetProperty("adopt").EnumerateArray().ToList();
        string Id(string key) => adopt.Single(e => e.GetProperty("configKey").GetString() == key).GetProperty("importId").GetString()!;

        Assert.Equal(1, exit);
        Assert.Equal(apex, Id($"{Stack.Production.IcDomain("@")}.canisterIdImportId"));
        Assert.Equal(www, Id($"{Stack.Production.IcDomain("www")}.canisterIdImportId"));
    }
}

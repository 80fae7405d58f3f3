using static Platform.Stacks.Tests.Adoption.Exports;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>
/// Staging and production share the Cloudflare zone (and the Hetzner project): each stack learns the others'
/// records and machines from their stack files in the project folder, never from a hand-kept list.
/// </summary>
public class SharedZoneTests
{
    private static IEnumerable<System.Text.Json.JsonElement> All(System.Text.Json.JsonElement report) =>
        new[] { "adopt", "differs", "create", "extra", "unmanaged" }.SelectMany(g => report.GetProperty(g).EnumerateArray());

    [Fact]
    public void Adopt_staging_reports_productions_records_as_productions_and_never_advises_deleting_them()
    {
        var report = Report(Project(), "staging", Cloudflare(Pages));

        var production = Platform.Stacks.Dns.DnsZone.Records(Validation.Load(Platform.Stacks.Config.StackFile.Load(Stack.RepoRoot, "production")).Settings.Dns)
            .Select(r => $"{r.Type} {r.Fqdn}").ToHashSet();
        var theirs = report.GetProperty("unmanaged").EnumerateArray().Where(e => e.TryGetProperty("managedBy", out var m) && m.GetString() == "production").ToList();
        Assert.Equal(21, theirs.Count); // 7 IC domains, 2 of them without their _acme-challenge yet, and oracle and apis
        Assert.All(theirs, e => Assert.StartsWith("managed by stack 'production' (", e.GetProperty("note").GetString()));
        Assert.DoesNotContain(All(report), e => production.Contains(string.Join(' ', e.GetProperty("what").GetString()!.Split(' ')[..2]))
            && (e.TryGetProperty("note", out var note) ? note.GetString()! : "").Contains("delete it"));
    }

    [Fact]
    public void Adopt_production_knows_stagings_records_from_its_file_not_from_a_list()
    {
        var production = File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));
        Assert.DoesNotContain("staging-*", production);

        var report = Report(Project(), "production", Cloudflare(Pages));

        var staging = Entry(report, "unmanaged", "dns", "CNAME staging-portal.helloworlddao.com staging-portal.helloworlddao.com.icp1.io")!.Value;
        Assert.Equal("staging", staging.GetProperty("managedBy").GetString());
        Assert.Contains($"{Stack.Staging.IcDomain("staging-portal")} in Pulumi.staging.yaml", staging.GetProperty("note").GetString());
    }

    [Fact]
    public void A_record_staging_adds_later_is_stagings_the_moment_its_file_says_so()
    {
        var page = Edited("dns_records.page2.json", p => p["result"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(
            """{"id":"0123456789abcdef0123456789abcdef","name":"staging-docs.helloworlddao.com","type":"CNAME","content":"hello-world-co-op.github.io","proxied":false,"ttl":1,"comment":null}""")));
        var total = Edited("dns_records.page1.json", p => p["result_info"]!["total_count"] = 62);
        var dir = Project(staging: y => y.Replace("    records:\n", "    records:\n      - name: staging-docs\n        type: CNAME\n        content: hello-world-co-op.github.io\n"));

        var report = Report(dir, "production", Cloudflare(total, page));

        Assert.Equal("staging", Entry(report, "unmanaged", "dns", "CNAME staging-docs.helloworlddao.com hello-world-co-op.github.io")!.Value.GetProperty("managedBy").GetString());
    }

    [Fact]
    public void A_record_two_stacks_claim_is_a_validation_error_in_both()
    {
        var dir = Project(staging: y => y.Replace("    records:\n", "    records:\n      - name: apis\n        type: A\n        content: 157.180.13.84\n"));

        var (stagingExit, _, stagingErr) = Run("validate", "staging", "--dir", dir);
        var (productionExit, _, productionErr) = Run("validate", "production", "--dir", dir);

        Assert.Equal(1, stagingExit);
        Assert.Contains($"platform:dns.records[0]: A 'apis.helloworlddao.com' is also managed by stack 'production' ({Stack.Production.Record("apis")} in Pulumi.production.yaml)", stagingErr); // position: the test inserts staging's record first
        Assert.Equal(1, productionExit);
        Assert.Contains($"{Stack.Production.Record("apis")}: A 'apis.helloworlddao.com' is also managed by stack 'staging' (platform:dns.records[0] in Pulumi.staging.yaml)", productionErr); // position: the test inserts staging's record first
    }

    [Fact]
    public void An_ic_domain_two_stacks_claim_is_an_error_and_a_cname_owns_its_name()
    {
        var twice = Project(staging: y => y.Replace("    icDomains:\n", "    icDomains:\n      - name: portal\n        canisterId: qsgjb-riaaa-aaaaa-aaaga-cai\n"));
        var beside = Project(staging: y => y.Replace("    records:\n", "    records:\n      - name: portal\n        type: TXT\n        content: hello\n"));

        Assert.Contains("platform:dns.icDomains[0]: CNAME 'portal.helloworlddao.com' is also managed by stack 'production'", Run("validate", "staging", "--dir", twice).Err); // position: the test inserts staging's domain first
        Assert.Contains($"TXT 'portal.helloworlddao.com' is also managed by stack 'production' ({Stack.Production.IcDomain("portal")}", Run("validate", "staging", "--dir", beside).Err);
    }

    [Fact]
    public void Stacks_may_each_keep_a_value_of_a_multi_value_record_but_not_the_same_one()
    {
        static Func<string, string> Txt(string content) => y => y.Replace("    records:\n", $"    records:\n      - name: \"@\"\n        type: TXT\n        content: {content}\n");
        var apart = Project(production: Txt("verification=production"), staging: Txt("verification=staging"));
        var same = Project(production: Txt("verification=shared"), staging: Txt("verification=shared"));

        Assert.Equal(0, Run("validate", "staging", "--dir", apart).Exit);
        Assert.Equal(1, Run("validate", "staging", "--dir", same).Exit);
    }

    [Fact]
    public void A_stack_of_another_zone_claims_nothing_here()
    {
        var dir = Project(staging: y => y.Replace("zoneId: c54ceb83773e6dc926a644a2d4e8d4af", "zoneId: 0123456789abcdef0123456789abcdef")
            .Replace("zone: helloworlddao.com", "zone: example.org").Replace("    records:\n", "    records:\n      - name: apis\n        type: A\n        content: 192.0.2.1\n"));

        Assert.DoesNotContain("also managed by stack", Run("validate", "production", "--dir", dir).Err);
    }

    [Fact]
    public void An_unreadable_stack_file_beside_is_an_error_not_a_guess()
    {
        var dir = Project(staging: _ => "config:\n  platform:dns: [unclosed\n");

        var (exit, _, err) = Run("validate", "production", "--dir", dir);

        Assert.Equal(1, exit);
        Assert.Contains("platform:dns: the project's stack 'staging' cannot be read", err);
        Assert.Contains("Pulumi.staging.yaml", err);
    }

    [Fact]
    public void Adopt_staging_reports_productions_machines_as_productions()
    {
        var report = Report(Project(), "staging", Hcloud());

        foreach (var (kind, what) in new[] { ("hcloud server", "oracle-bridge 65.21.149.226"), ("hcloud network", "hwdao-private 10.0.0.0/16"),
                     ("hcloud SSH key", "hetzner-vps"), ("hcloud firewall", "oracle-bridge"), ("hcloud primary IP", "65.21.149.226 (oracle-bridge)") })
            Assert.Equal("production", Entry(report, "unmanaged", kind, what)!.Value.GetProperty("managedBy").GetString());
        Assert.Equal(["hcloud server oracle-bridge-old 95.216.10.20", "hcloud primary IP 95.216.10.20 (primary_ip-55500001)"],
            report.GetProperty("extra").EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("what").GetString()}"));
    }
}

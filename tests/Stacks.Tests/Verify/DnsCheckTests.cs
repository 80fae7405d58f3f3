using System.Net;
using System.Net.Sockets;
using Platform.Cli.Verify;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>
/// The DNS check against Knot serving the zone written from the plan (the dig checklist of
/// docs/sources/hello-world-dao-infrastructure.txt).
/// </summary>
public class DnsCheckTests
{
    private static readonly VerifyTargets Production = LocalPlatform.TargetsOf(Stack.Production);

    private static async Task<VerifyReport> Verify(VerifyTargets targets, Func<List<string>, List<string>> zone)
    {
        await using var platform = new LocalPlatform(targets, new PlatformBehaviour { Zone = zone });
        return await platform.Verify(VerifyOptions.Dns);
    }

    private static CheckResult Line(VerifyReport report, string what) =>
        Assert.Single(report.Checks, c => c.What == what);

    [KnotFact]
    public async Task A_zone_written_from_the_plan_passes_every_record()
    {
        var report = await Verify(Production, zone => zone);

        Assert.Equal(Production.Records.Count, report.Checks.Count);
        Assert.All(report.Checks, c => Assert.True(c.Outcome == Outcome.Passed, $"{c.What}: {c.Found}"));
        Assert.Equal("www.helloworlddao.com.icp1.io", Line(report, "CNAME www.helloworlddao.com").Found);
        Assert.Equal("ic3vh-5qaaa-aaaaf-qazma-cai", Line(report, "TXT _canister-id.www.helloworlddao.com").Found);
        Assert.Equal(0, report.ExitCode);
    }

    [KnotFact]
    public async Task A_drifted_record_fails_naming_the_record_and_what_it_answers()
    {
        var report = await Verify(Production, zone => PlanZone.Replace(zone, "apis.helloworlddao.com", "apis.helloworlddao.com. A 157.180.13.99"));

        var line = Line(report, "A apis.helloworlddao.com");
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains(Stack.Production.Record("apis"), line.Label);
        Assert.Equal("157.180.13.99", line.Found);
        Assert.StartsWith("157.180.13.84", line.Expected);
        Assert.Equal(1, report.Failed);
        Assert.Equal(1, report.ExitCode);
    }

    [KnotFact]
    public async Task An_ic_cname_that_answers_cloudflare_addresses_is_proxied_and_fails()
    {
        // What Cloudflare's auto-import did in PLATFORM-001.2 (docs/sources/hello-world-dao-infrastructure.txt): the IC CNAME became proxied.
        var report = await Verify(Production, zone => PlanZone.Replace(zone, "portal.helloworlddao.com", $"portal.helloworlddao.com. A {PlanZone.CloudflareAddress}"));

        var line = Line(report, "CNAME portal.helloworlddao.com");
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains(PlanZone.CloudflareAddress, line.Found);
        Assert.Contains("proxied; it must be DNS-only", line.Found);
        Assert.Equal(1, report.Failed);
    }

    [KnotFact]
    public async Task A_proxied_ic_apex_fails_although_cname_flattening_hides_the_cname()
    {
        var report = await Verify(Production, zone => PlanZone.Replace(zone, "helloworlddao.com", $"helloworlddao.com. A {PlanZone.CloudflareAddress}"));

        var line = Line(report, "CNAME helloworlddao.com");
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains("Cloudflare's addresses, the record is proxied", line.Found);
    }

    [KnotFact]
    public async Task A_canister_id_that_differs_and_a_missing_acme_delegation_both_fail()
    {
        var report = await Verify(Production, zone => PlanZone.Replace(
            PlanZone.Replace(zone, "_canister-id.governance.helloworlddao.com", "_canister-id.governance.helloworlddao.com. TXT \"aaaaa-aa\""),
            "_acme-challenge.admin.helloworlddao.com"));

        Assert.Equal("aaaaa-aa", Line(report, "TXT _canister-id.governance.helloworlddao.com").Found);
        var acme = Line(report, "CNAME _acme-challenge.admin.helloworlddao.com");
        Assert.Equal(Outcome.Failed, acme.Outcome);
        Assert.Equal("no CNAME record (NXDOMAIN)", acme.Found);
        Assert.Equal(2, report.Failed);
    }

    [KnotFact]
    public async Task Unmanaged_records_are_not_checked()
    {
        var report = await Verify(Production, zone => [.. zone,
            "_domainconnect.helloworlddao.com. CNAME connect.domains.google.com.",
            "staging-www.helloworlddao.com. A 104.16.0.1"]);

        Assert.DoesNotContain(report.Checks, c => c.What.Contains("_domainconnect") || c.What.Contains("staging-"));
        Assert.Equal(0, report.Failed);
    }

    [KnotFact]
    public async Task Mail_records_are_read_with_their_priority_and_text_records_whole()
    {
        var withMail = LocalPlatform.TargetsOf(Stack.Production
            .Append("platform:dns.records", ("name", "@"), ("type", "MX"), ("content", "mail.helloworlddao.com"), ("priority", "10"))
            .Append("platform:dns.records", ("name", "_spf"), ("type", "TXT"), ("content", "v=spf1 include:_spf.resend.com ~all")));

        var report = await Verify(withMail, zone => zone);
        var drifted = await Verify(withMail, zone => PlanZone.Replace(zone, "helloworlddao.com", $"helloworlddao.com. A {PlanZone.FlattenedAddress}", "helloworlddao.com. MX 20 mail.helloworlddao.com."));

        Assert.Equal("10 mail.helloworlddao.com", Line(report, "MX helloworlddao.com").Found);
        Assert.Equal("v=spf1 include:_spf.resend.com ~all", Line(report, "TXT _spf.helloworlddao.com").Found);
        Assert.Equal(0, report.Failed);
        Assert.Equal("20 mail.helloworlddao.com", Line(drifted, "MX helloworlddao.com").Found);
        Assert.Equal(1, drifted.Failed);
    }

    [KnotFact]
    public async Task A_proxied_record_passes_on_cloudflare_addresses_and_fails_on_the_origin()
    {
        var proxied = LocalPlatform.TargetsOf(Stack.Production.Set($"{Stack.Production.Record("apis")}.proxied", "true"));

        var good = await Verify(proxied, zone => zone);
        var origin = await Verify(proxied, zone => PlanZone.Replace(zone, "apis.helloworlddao.com", "apis.helloworlddao.com. A 157.180.13.84"));

        Assert.Equal(Outcome.Passed, Line(good, "A apis.helloworlddao.com").Outcome);
        var line = Line(origin, "A apis.helloworlddao.com");
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Equal("157.180.13.84: not Cloudflare's, the record is not proxied", line.Found);
    }

    [KnotFact]
    public async Task Every_authoritative_nameserver_is_asked_and_the_one_that_disagrees_is_named()
    {
        // Cloudflare gives a zone two nameservers; a record can be right at one and stale at the other.
        var lines = PlanZone.Lines(Production);
        using var elmo = new KnotServer(Production.Zone, lines);
        using var tessa = new KnotServer(Production.Zone, PlanZone.Replace(lines, "apis.helloworlddao.com", "apis.helloworlddao.com. A 157.180.13.99"));
        var check = new DnsCheck([("elmo", new DnsClient.NameServer(elmo.Endpoint)), ("tessa", new DnsClient.NameServer(tessa.Endpoint))], TimeSpan.FromSeconds(60)); // a deadline, never reached: no timing
        var apis = Production.Records.Single(r => r.Fqdn == "apis.helloworlddao.com");
        var www = Production.Records.Single(r => r is { Fqdn: "www.helloworlddao.com", Type: "CNAME" });

        var drifted = await check.Probes([apis]).Single().Run(CancellationToken.None);
        var agreed = await check.Probes([www]).Single().Run(CancellationToken.None);

        Assert.Equal(Outcome.Failed, drifted.Outcome);
        Assert.Equal("elmo: 157.180.13.84; tessa: 157.180.13.99 (at tessa)", drifted.Found);
        Assert.Equal(Outcome.Passed, agreed.Outcome);
        Assert.Equal("www.helloworlddao.com.icp1.io", agreed.Found);
    }

    [KnotFact]
    public async Task A_text_record_longer_than_one_string_is_compared_whole()
    {
        var key = "v=DKIM1; k=rsa; p=" + string.Concat(Enumerable.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 8));
        var dkim = LocalPlatform.TargetsOf(Stack.Production
            .Append("platform:dns.records", ("name", "resend._domainkey"), ("type", "TXT"), ("content", key)));

        var report = await Verify(dkim, zone => zone);
        var cut = await Verify(dkim, zone => PlanZone.Replace(zone, "resend._domainkey.helloworlddao.com", $"resend._domainkey.helloworlddao.com. TXT \"{key[..255]}\""));

        Assert.True(key.Length > 255);
        Assert.Equal(Outcome.Passed, Line(report, "TXT resend._domainkey.helloworlddao.com").Outcome);
        Assert.Equal(key, Line(report, "TXT resend._domainkey.helloworlddao.com").Found);
        Assert.Equal(Outcome.Failed, Line(cut, "TXT resend._domainkey.helloworlddao.com").Outcome);
    }

    [KnotFact]
    public async Task A_delegation_is_read_from_the_referral_the_parent_zone_answers()
    {
        // The zone's nameservers are not authoritative for a delegated name: asked for its NS records they
        // answer a referral (no answer, the NS records in the authority section, RFC 1034 4.3.2), as
        // Cloudflare does for an NS record below the apex.
        var delegated = LocalPlatform.TargetsOf(Stack.Production
            .Append("platform:dns.records", ("name", "lab"), ("type", "NS"), ("content", "ns1.lab-dns.net")));

        var report = await Verify(delegated, zone => zone);
        var drifted = await Verify(delegated, zone => PlanZone.Replace(zone, "lab.helloworlddao.com", "lab.helloworlddao.com. NS ns2.lab-dns.net."));

        Assert.Equal(Outcome.Passed, Line(report, "NS lab.helloworlddao.com").Outcome);
        Assert.Equal("ns1.lab-dns.net", Line(report, "NS lab.helloworlddao.com").Found);
        Assert.Equal(Outcome.Failed, Line(drifted, "NS lab.helloworlddao.com").Outcome);
        Assert.Equal("ns2.lab-dns.net", Line(drifted, "NS lab.helloworlddao.com").Found);
    }

    [KnotFact]
    public async Task An_address_record_replaced_by_a_cname_fails_although_the_cname_leads_to_the_same_address()
    {
        // Asked for A at a name that is a CNAME, an authoritative server answers the CNAME and, when the
        // target is in its zone, the target's A records (RFC 1034 4.3.2): those are not this name's records.
        var report = await Verify(Production, zone => [.. PlanZone.Replace(zone, "apis.helloworlddao.com", "apis.helloworlddao.com. CNAME origin.helloworlddao.com."),
            "origin.helloworlddao.com. A 157.180.13.84"]);

        var line = Line(report, "A apis.helloworlddao.com");
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains("CNAME origin.helloworlddao.com", line.Found);
    }

    [Fact]
    public async Task A_nameserver_that_refuses_fails_every_record_with_its_address_and_never_hangs()
    {
        var port = ClosedPort();
        var options = new VerifyOptions { Checks = new HashSet<string> { VerifyOptions.Dns }, Nameserver = new IPEndPoint(IPAddress.Loopback, port), Timeout = TimeSpan.FromSeconds(2) };

        var report = await Verifier.Run(Production, options);

        // Not one failed line per record: the check could not reach its server, so it did not run (exit 2).
        Assert.Empty(report.Checks);
        Assert.Equal(2, report.ExitCode);
        var unreachable = Assert.Single(report.CannotReach);
        Assert.Equal((VerifyOptions.Dns, $"127.0.0.1:{port}", Production.Records.Count), (unreachable.Check, unreachable.Server, unreachable.Probes));
        Assert.All(report.Results, c => Assert.Contains($"127.0.0.1:{port}", c.Found));
    }

    [Fact]
    public async Task A_nameserver_that_never_answers_times_out_as_a_failure()
    {
        using var blackHole = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)); // receives, never replies
        using var silent = new TcpListener(IPAddress.Loopback, ((IPEndPoint)blackHole.Client.LocalEndPoint!).Port);
        var endpoint = (IPEndPoint)blackHole.Client.LocalEndPoint!;
        var options = new VerifyOptions { Checks = new HashSet<string> { VerifyOptions.Dns }, Nameserver = endpoint, Timeout = TimeSpan.FromSeconds(1) };

        var run = Verifier.Run(Production, options);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))); // "never hangs", with room for a busy machine

        Assert.Same(run, finished);
        var report = await run;
        Assert.Equal(Production.Records.Count, Assert.Single(report.CannotReach).Probes);
        Assert.Contains("within 1 s", report.CannotReach[0].ToString());
        Assert.All(report.Results, c => Assert.Contains("within 1 s", c.Found));
    }

    private static int ClosedPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}

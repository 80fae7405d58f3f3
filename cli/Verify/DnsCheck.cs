using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Platform.Cli.Verify;

/// <summary>
/// docs/sources/hello-world-dao-infrastructure.txt "Verify with dig @&lt;new-ns&gt;": every managed record, asked
/// directly of the zone's authoritative nameservers (or <c>--nameserver</c>), answers as planned. DNS-only records
/// answer their content; proxied ones answer Cloudflare's addresses and never the origin; IC boundary records must
/// never answer Cloudflare's (Cloudflare's auto-import once proxied them and the suites were unreachable for hours,
/// docs/sources/hello-world-dao-infrastructure.txt).
/// </summary>
internal sealed class DnsCheck(IReadOnlyList<(string Label, NameServer Server)> nameservers, TimeSpan timeout)
{
    private static readonly LookupClient Client = new(new LookupClientOptions(IPAddress.Loopback) { UseCache = false, AutoResolveNameServers = false });

    private DnsQueryOptions Options => new()
    {
        UseCache = false,
        Recursion = false, // an authoritative answer, not a resolver's memory of an older one
        // Two tries within two thirds of the check's deadline: a lost UDP packet is retried, and a silent
        // server is reported as this server's timeout before the run's deadline takes the check.
        Retries = 1,
        Timeout = timeout / 3,
        UseTcpFallback = true,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
    };

    public IEnumerable<Probe> Probes(IEnumerable<DnsExpectation> records) =>
        records.Select(r => new Probe(VerifyOptions.Dns, r.What, Expected(r), ct => Check(r, ct))
        {
            ConfigKey = r.ConfigKey,
            Server = string.Join(", ", nameservers.Select(n => n.Label)),
        });

    /// <summary>The nameservers to ask: <c>--nameserver</c>, or the zone's NS records through the system resolver.</summary>
    public static async Task<IReadOnlyList<(string, NameServer)>> Nameservers(string zone, VerifyOptions o, CancellationToken ct)
    {
        if (o.Nameserver is { } given)
            return [($"{given}", new NameServer(given))];
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(o.Timeout);
            var system = new LookupClient(new LookupClientOptions { UseCache = false, Timeout = o.Timeout / 2, Retries = 1 });
            var ns = await system.QueryAsync(zone, QueryType.NS, QueryClass.IN, deadline.Token);
            var names = ns.Answers.NsRecords().Select(r => DnsText.Name(r.NSDName.Value)).Distinct().Order().ToList();
            if (names.Count == 0)
                throw new CannotVerifyException($"the system resolver found no NS records for {zone} ({ns.ErrorMessage}): is there a network? Or name a nameserver with --nameserver HOST[:PORT].");
            var servers = new List<(string, NameServer)>();
            foreach (var name in names)
            {
                // IPv4 where the nameserver has it: many CI runners have no IPv6 route, and every
                // Cloudflare nameserver answers on both.
                var addresses = await System.Net.Dns.GetHostAddressesAsync(name, deadline.Token);
                var usable = addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).DefaultIfEmpty(addresses.FirstOrDefault());
                foreach (var address in usable.OfType<IPAddress>())
                    servers.Add(($"{name} ({address})", new NameServer(address, 53)));
            }
            return servers.Count > 0 ? servers : throw new CannotVerifyException($"the nameservers of {zone} ({string.Join(", ", names)}) have no address.");
        }
        catch (Exception e) when (e is not CannotVerifyException)
        {
            throw new CannotVerifyException($"cannot find the nameservers of {zone}: {Http.Describe(e).Why}. Is there a network? Or name one with --nameserver HOST[:PORT].");
        }
    }

    public static string Expected(DnsExpectation r) => r switch
    {
        { Proxied: true } => "proxied: Cloudflare's addresses only",
        { Type: "CNAME", AtApex: true } => $"flattened {string.Join(" ", r.Values)}, DNS-only: addresses that are not Cloudflare's",
        { Values.Count: 0 } => $"the primary IP of {r.AddressOf}, DNS-only",
        _ => $"{string.Join(" | ", r.Values)}{(r.Type is "A" or "AAAA" or "CNAME" ? ", DNS-only" : "")}",
    };

    private async Task<CheckResult> Check(DnsExpectation r, CancellationToken ct)
    {
        var answers = await Task.WhenAll(nameservers.Select(async ns => (ns.Label, Seen: await Observe(ns.Server, r, ct))));
        var what = r.What;
        var found = answers.Select(a => a.Seen.Found).Distinct().Count() == 1
            ? answers[0].Seen.Found
            : string.Join("; ", answers.Select(a => $"{a.Label}: {a.Seen.Found}"));
        var failing = answers.Where(a => !a.Seen.Ok).Select(a => a.Label).ToList();
        if (failing.Count > 0 && nameservers.Count > 1)
            found += $" (at {string.Join(", ", failing)})";
        return failing.Count == 0
            ? CheckResult.Pass(VerifyOptions.Dns, what, Expected(r), found)
            : CheckResult.Fail(VerifyOptions.Dns, what, Expected(r), found);
    }

    private async Task<(bool Ok, string Found)> Observe(NameServer ns, DnsExpectation r, CancellationToken ct)
    {
        if (r.Proxied || r is { Type: "CNAME", AtApex: true })
        {
            // A proxied name answers Cloudflare's addresses whatever its type; a CNAME at the apex is
            // flattened into its target's addresses, which must not be Cloudflare's (DNS-only).
            var (addresses, note) = await Addresses(ns, r.Fqdn, r.Type == "AAAA" ? QueryType.AAAA : QueryType.A, ct);
            if (addresses.Count == 0)
                return (false, note);
            var cloudflare = addresses.Where(CloudflareRanges.Contains).ToList();
            var text = string.Join(" ", addresses);
            return r.Proxied
                ? cloudflare.Count == addresses.Count ? (true, $"{text} (Cloudflare)") : (false, $"{text}: not Cloudflare's, the record is not proxied")
                : cloudflare.Count == 0 ? (true, text) : (false, $"{text}: Cloudflare's addresses, the record is proxied; it must be DNS-only");
        }

        var type = Enum.Parse<QueryType>(r.Type);
        var response = await Query(ns, r.Fqdn, type, ct);
        // Only this name's records: asked for a name that is a CNAME, an authoritative server answers the CNAME
        // and the target's records when the target is in its zone (RFC 1034 4.3.2), and those are not this
        // record. A delegated name's NS records come back as a referral, in the authority section, since the
        // zone's own nameservers are not authoritative for it (RFC 1034 4.3.2 step 3b; Cloudflare does the same).
        var own = response.Answers.Concat(type == QueryType.NS ? response.Authorities : [])
            .Where(a => DnsText.Name(a.DomainName.Value) == DnsText.Name(r.Fqdn)).ToList();
        var values = own.Where(a => a.RecordType.ToString() == r.Type).Select(a => Data(r.Type, a)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (values.Count == 0 && own.OfType<CNameRecord>().FirstOrDefault() is { } alias)
            return (false, $"CNAME {DnsText.Name(alias.CanonicalName.Value)}: the name is an alias, it has no {r.Type} record of its own");
        if (values.Count == 0)
        {
            // A DNS-only name that answers Cloudflare's addresses instead of its own data is proxied.
            var (addresses, _) = type is QueryType.A or QueryType.AAAA ? ([], "") : await Addresses(ns, r.Fqdn, QueryType.A, ct);
            return addresses.Any(CloudflareRanges.Contains)
                ? (false, $"no {r.Type}; A {string.Join(" ", addresses)}: Cloudflare's addresses, the record is proxied; it must be DNS-only")
                : (false, $"no {r.Type} record ({Status(response)})");
        }
        var found = string.Join(" | ", values);
        if (r.Type is "A" or "AAAA" && values.Any(v => CloudflareRanges.Contains(IPAddress.Parse(v))) && !r.Values.Any(v => CloudflareRanges.Contains(IPAddress.Parse(v))))
            return (false, $"{found}: Cloudflare's addresses, the record is proxied; it must be DNS-only");
        if (r.Values.Count == 0)
            return (true, found);
        return values.SequenceEqual(r.Values) ? (true, found) : (false, found);
    }

    private async Task<(IReadOnlyList<IPAddress> Addresses, string Note)> Addresses(NameServer ns, string name, QueryType type, CancellationToken ct)
    {
        var response = await Query(ns, name, type, ct);
        var addresses = response.Answers.OfType<AddressRecord>().Select(a => a.Address).ToList();
        return (addresses, addresses.Count == 0 ? $"no {type} record ({Status(response)})" : "");
    }

    private async Task<IDnsQueryResponse> Query(NameServer ns, string name, QueryType type, CancellationToken ct)
    {
        try
        {
            return await Client.QueryServerAsync([ns], new DnsQuestion(name, type, QueryClass.IN), Options, ct);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            throw new TimeoutException($"{ns} did not answer {type} {name} (2 tries)", e);
        }
    }

    /// <summary>The response code as dig prints it.</summary>
    private static string Status(IDnsQueryResponse response) => response.Header.ResponseCode switch
    {
        DnsHeaderResponseCode.NoError => "NOERROR, empty answer",
        DnsHeaderResponseCode.NotExistentDomain => "NXDOMAIN",
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.Refused => "REFUSED: the server is not authoritative for the zone",
        var code => code.ToString().ToUpperInvariant(),
    };

    private static string Data(string type, DnsResourceRecord a) => a switch
    {
        ARecord x => x.Address.ToString(),
        AaaaRecord x => x.Address.ToString(),
        CNameRecord x => DnsText.Name(x.CanonicalName.Value),
        TxtRecord x => string.Concat(x.Text),
        MxRecord x => $"{x.Preference} {DnsText.Name(x.Exchange.Value)}",
        NsRecord x => DnsText.Name(x.NSDName.Value),
        CaaRecord x => $"{x.Flags} {x.Tag} {x.Value}".ToLowerInvariant(),
        SrvRecord x => $"{x.Priority} {x.Weight} {x.Port} {DnsText.Name(x.Target.Value)}",
        // DnsRules admits only the types above: a new one there needs its reading here.
        _ => throw new NotSupportedException($"verify does not read {type} answers"),
    };
}

using System.Security.Cryptography.X509Certificates;
using Platform.Cli.Verify;
using Platform.Stacks;
using Platform.Stacks.Plan;

namespace Platform.Tests.Loopback;

/// <summary>How the local servers answer; each test changes one thing from a platform that matches the plan.</summary>
public sealed record PlatformBehaviour
{
    public Func<List<string>, List<string>> Zone { get; init; } = lines => lines;
    public bool R2ExposesETag { get; init; } = true;
    public bool CephExposesETag { get; init; } = true;
    public int HealthStatus { get; init; } = 200;
    public bool RedirectsToHttps { get; init; } = true;
    public Func<TestCertificates, X509Certificate2> Certificate { get; init; } = c => c.Valid;
    public string VaultHealth { get; init; } = FakeSsh.Unsealed;

    /// <summary>How old the newest backup of each kind is in the bucket's listing.</summary>
    public TimeSpan BackupAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A network's round trip added to every DNS query and HTTP exchange (the benchmark's realism; zero in tests).</summary>
    public TimeSpan RoundTrip { get; init; }
}

/// <summary>
/// A stack's platform on loopback: Knot serving the zone written from the plan (started when a DNS check needs it), an HTTPS server answering
/// the buckets' preflights (R2's <c>*</c>, Ceph's echoed origin) and the gateway's /health with the test
/// CA's certificate, a plain HTTP server redirecting to HTTPS, and the fake ssh for Vault. The options it
/// gives point every check there (<c>--nameserver</c>, <c>--connect-to</c>): nothing reaches the internet.
/// </summary>
public sealed class LocalPlatform : IAsyncDisposable
{
    private readonly TestCertificates _certificates;
    private readonly Lazy<KnotServer> _dns;
    private readonly LoopbackHttpServer _https, _http;
    private readonly FakeSsh _ssh;
    private readonly Lazy<DelayingUdpRelay?> _relay;

    public LocalPlatform(VerifyTargets targets, PlatformBehaviour? behaviour = null)
    {
        var b = behaviour ?? new PlatformBehaviour();
        Targets = targets;
        var bucketHosts = targets.Buckets.Select(x => new Uri(x.Endpoint).Host).Append(new Uri(targets.Backups.Endpoint).Host).Distinct().ToList();
        _certificates = new TestCertificates(bucketHosts.Prepend(targets.Gateway.Host));
        // Knot starts when a DNS check first needs it: the other checks' tests run where knotd is missing.
        _dns = new(() => new KnotServer(targets.Zone, b.Zone(PlanZone.Lines(targets))));
        _relay = new(() => b.RoundTrip > TimeSpan.Zero ? new DelayingUdpRelay(_dns.Value.Endpoint, b.RoundTrip) : null);
        _https = new LoopbackHttpServer(r => Https(r, b), b.Certificate(_certificates), b.RoundTrip);
        _http = new LoopbackHttpServer(r => b.RedirectsToHttps
            ? new HttpReply(301, [("Location", $"https://{r.Host}{r.Path}")])
            : HttpReply.Ok(), roundTrip: b.RoundTrip);
        _ssh = new FakeSsh(b.VaultHealth);
        ConnectTo = new ConnectTo(bucketHosts.Select(h => ((h, 443), ("127.0.0.1", _https.Port)))
            .Append(((targets.Gateway.Host, 443), ("127.0.0.1", _https.Port)))
            .Append(((targets.Gateway.Host, 80), ("127.0.0.1", _http.Port))));
    }

    /// <summary>What a stack must answer; the stack must be valid (there is no plan otherwise).</summary>
    public static VerifyTargets TargetsOf(Platform.Stacks.Config.IConfigSource stack)
    {
        var (settings, problems) = Validation.Load(stack);
        if (problems.Count > 0)
            throw new InvalidOperationException($"{stack.StackName} is not valid: {string.Join("; ", problems)}");
        return VerifyTargets.From(PlanBuilder.Build(settings), settings);
    }

    public VerifyTargets Targets { get; }
    public ConnectTo ConnectTo { get; }
    public int DnsPort => _dns.Value.Port;
    public FakeSsh Ssh => _ssh;
    public int HttpsRequests => _https.Requests;

    /// <summary>Every check pointed at these servers; the Vault host reached through the fake ssh.</summary>
    public VerifyOptions Options(params string[] checks)
    {
        var run = (checks.Length == 0 ? VerifyOptions.AllChecks : checks).ToHashSet();
        return new VerifyOptions
        {
            Checks = run,
            Nameserver = run.Contains(VerifyOptions.Dns) ? _relay.Value?.Endpoint ?? _dns.Value.Endpoint : null,
            ConnectTo = ConnectTo,
            TrustedRoots = _certificates.Roots,
            SshProgram = _ssh.Program,
            SshKey = _ssh.KeyFile,
            BackupCredentials = new Platform.Cli.Verify.S3Credentials("local-reader", "local-reader-secret"),
            // A deadline for a server that does not answer; these do, so a busy machine never reaches it.
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Task<VerifyReport> Verify(params string[] checks) => Verifier.Run(Targets, Options(checks));

    private HttpReply Https(HttpRequestLine r, PlatformBehaviour b)
    {
        if (r.Method == "OPTIONS" && Targets.Buckets.FirstOrDefault(x => new Uri(x.Endpoint).Host == r.Host && r.Path == $"/{x.Name}") is { } bucket)
            return bucket.Provider == "R2" ? R2Preflight(b.R2ExposesETag) : CephPreflight(r.Headers.GetValueOrDefault("Origin", ""), b.CephExposesETag);
        if (r.Method == "GET" && r.Host == new Uri(Targets.Backups.Endpoint).Host && r.Path.StartsWith($"/{Targets.Backups.Bucket}?", StringComparison.Ordinal))
            return BackupListing(r.Path, b.BackupAge);
        if (r.Method == "GET" && r.Host == Targets.Gateway.Host && r.Path == GatewayTarget.HealthPath)
            return new HttpReply(b.HealthStatus, [], b.HealthStatus == 200 ? "ok" : "backend down");
        return new HttpReply(404, [], "not found");
    }

    /// <summary>
    /// The backup bucket's ListObjectsV2 answer, one backup under the prefix asked for, as R2 answers it: a stand-in
    /// for the whole-platform run and the benchmark (no signature checked). The check itself runs against a real
    /// Ceph RGW in tests/Stacks.Tests/Verify/BackupCheckTests.cs.
    /// </summary>
    private static HttpReply BackupListing(string path, TimeSpan age)
    {
        var query = path[(path.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
        var prefix = query.GetValueOrDefault("prefix", "");
        var modified = (DateTimeOffset.UtcNow - age).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new HttpReply(200, [("Content-Type", "application/xml")],
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Prefix>{prefix}</Prefix>" +
            $"<KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>{prefix}20260101T000000Z-host-1.snap</Key><LastModified>{modified}</LastModified>" +
            "<Size>1024</Size></Contents></ListBucketResult>");
    }

    /// <summary>R2 with the rule of docs/sources/frameworks-external-services.txt: the literal <c>*</c>.</summary>
    private static HttpReply R2Preflight(bool exposesETag) => new(200,
    [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "PUT, GET, HEAD"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        .. exposesETag ? new[] { ("Access-Control-Expose-Headers", "ETag") } : [],
        ("Access-Control-Max-Age", "3600"),
    ]);

    /// <summary>
    /// Hetzner's Ceph RGW: the requesting origin echoed instead of <c>*</c>
    /// (docs/sources/frameworks-external-services.txt: spec-correct).
    /// </summary>
    private static HttpReply CephPreflight(string origin, bool exposesETag) => new(200,
    [
        ("Access-Control-Allow-Origin", origin),
        ("Vary", "Origin"),
        ("Access-Control-Allow-Methods", "PUT"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        .. exposesETag ? new[] { ("Access-Control-Expose-Headers", "ETag") } : [],
        ("Access-Control-Max-Age", "3600"),
    ]);

    public async ValueTask DisposeAsync()
    {
        if (_relay.IsValueCreated) _relay.Value?.Dispose();
        if (_dns.IsValueCreated) _dns.Value.Dispose();
        await _https.DisposeAsync();
        await _http.DisposeAsync();
        _ssh.Dispose();
        _certificates.Dispose();
    }
}

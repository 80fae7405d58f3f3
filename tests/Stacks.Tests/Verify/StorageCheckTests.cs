using System.Net;
using System.Net.Sockets;
using Platform.Cli.Verify;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>
/// The anonymous preflight of docs/sources/frameworks-external-services.txt against servers answering as R2 (<c>*</c>)
/// and Hetzner's Ceph (the echoed origin).
/// </summary>
public class StorageCheckTests
{
    private static readonly VerifyTargets Production = LocalPlatform.TargetsOf(Stack.Production);
    private static readonly BucketTarget R2 = Production.Buckets.Single(b => b.Provider == "R2");
    private static readonly BucketTarget Ceph = Production.Buckets.Single(b => b.Provider == "Hetzner");

    private static async Task<VerifyReport> Verify(PlatformBehaviour behaviour)
    {
        await using var platform = new LocalPlatform(Production, behaviour);
        var report = await platform.Verify(VerifyOptions.Storage);
        Assert.Equal(Production.Buckets.Count, platform.HttpsRequests); // each bucket was really asked
        return report;
    }

    private static CheckResult Line(VerifyReport report, BucketTarget bucket) =>
        Assert.Single(report.Checks, c => c.What.EndsWith($"OPTIONS {bucket.Url}", StringComparison.Ordinal));

    [Fact]
    public async Task R2s_star_and_cephs_echoed_origin_both_pass()
    {
        var report = await Verify(new PlatformBehaviour());

        Assert.Equal(2, report.Passed);
        Assert.Contains("allow-origin *", Line(report, R2).Found);
        Assert.Contains($"allow-origin {StorageCheck.Origin}", Line(report, Ceph).Found);
    }

    [Fact]
    public async Task A_bucket_that_does_not_expose_the_etag_fails_naming_its_url()
    {
        var report = await Verify(new PlatformBehaviour { CephExposesETag = false });

        var line = Line(report, Ceph);
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains("https://hel1.your-objectstorage.com/hwdao-production-archive", line.What);
        Assert.Contains("ETag not exposed", line.Found);
        Assert.Equal(Outcome.Passed, Line(report, R2).Outcome);
    }

    [Fact]
    public async Task An_r2_bucket_without_the_etag_fails_too()
    {
        var report = await Verify(new PlatformBehaviour { R2ExposesETag = false });

        Assert.Equal(Outcome.Failed, Line(report, R2).Outcome);
        Assert.Contains("exposes (none)", Line(report, R2).Found);
    }

    [Fact]
    public async Task An_endpoint_that_refuses_connections_fails_with_the_reason()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var host = new Uri(R2.Endpoint).Host;
        var options = new VerifyOptions
        {
            Checks = new HashSet<string> { VerifyOptions.Storage },
            ConnectTo = new ConnectTo([((host, 443), ("127.0.0.1", port)), ((new Uri(Ceph.Endpoint).Host, 443), ("127.0.0.1", port))]),
            Timeout = TimeSpan.FromSeconds(2),
        };

        var report = await Verifier.Run(Production, options);

        Assert.Equal(2, Assert.Single(report.CannotReach).Probes);
        Assert.Equal(2, report.ExitCode);
        Assert.All(report.Results, c => Assert.Equal("unreachable: connection refused", c.Found));
    }
}

/// <summary>
/// The preflight of docs/sources/frameworks-external-services.txt against a real Ceph RGW (Hetzner's gateway) whose
/// bucket the Hetzner steps made.
/// </summary>
public sealed class StorageCheckCephTests
{
    [Platform.Stacks.Tests.Storage.CephFact]
    public async Task The_bucket_the_hetzner_steps_made_passes_and_one_without_its_cors_rule_fails()
    {
        var ceph = Platform.Stacks.Tests.Storage.CephRgw.Shared;
        var stack = Stack.Production.Set($"{Stack.Production.HetznerBucket("hwdao-production-archive")}.name", $"verify-{Guid.NewGuid():N}"[..24]);
        var targets = LocalPlatform.TargetsOf(stack);
        var bucket = targets.Buckets.Single(b => b.Provider == "Hetzner");
        var plan = stack.Plan().HetznerBuckets.Single();
        var owner = ceph.CreateUser("owner");
        var stdin = Platform.Stacks.Plan.ScriptInputs.Encode([new(Platform.Stacks.Storage.HetznerS3Scripts.AccessKeyInput, owner.AccessKey),
            new(Platform.Stacks.Storage.HetznerS3Scripts.SecretKeyInput, owner.SecretKey)]);
        Assert.Equal(0, Scripts.LocalScript.Run(Platform.Stacks.Storage.HetznerS3Scripts.CreateBucket(ceph.Endpoint, bucket.Name, Platform.Stacks.Storage.HetznerBucketPlan.S3Region), stdin).Exit);
        var options = new VerifyOptions
        {
            Checks = new HashSet<string> { VerifyOptions.Storage },
            ConnectTo = new ConnectTo([ceph.ConnectTo(new Uri(bucket.Endpoint).Host), ((new Uri(targets.Buckets.Single(b => b.Provider == "R2").Endpoint).Host, 443), ("127.0.0.1", 9))]),
            TrustedRoots = ceph.TrustedRoots,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var withoutRule = await Verifier.Run(targets, options);
        Assert.Equal(0, Scripts.LocalScript.Run(Platform.Stacks.Storage.HetznerS3Scripts.PutCors(ceph.Endpoint, bucket.Name, Platform.Stacks.Storage.HetznerBucketPlan.S3Region, plan.Cors), stdin).Exit);
        var withRule = await Verifier.Run(targets, options);

        CheckResult Line(VerifyReport r) => Assert.Single(r.Checks, c => c.What.EndsWith($"OPTIONS {bucket.Url}", StringComparison.Ordinal));
        Assert.Equal(Outcome.Failed, Line(withoutRule).Outcome);
        Assert.Equal(Outcome.Passed, Line(withRule).Outcome);
        Assert.Contains($"allow-origin {StorageCheck.Origin}", Line(withRule).Found); // RGW echoes the origin (docs/sources/frameworks-external-services.txt)
    }
}

using BenchmarkDotNet.Attributes;
using Platform.Cli.Verify;
using Platform.Stacks.Config;
using Platform.Tests.Loopback;

namespace Platform.Benchmarks;

/// <summary>
/// <c>verify production</c> against the platform on loopback (Knot serving the zone from the plan, the
/// HTTPS server with the test CA, the fake ssh for Vault: tests/Shared/Loopback), every check at once
/// beside the same checks one after the other. Loopback answers in microseconds, so the servers can add
/// a network's round trip (<see cref="RoundTripMs"/>) to each DNS query and HTTP exchange: that waiting
/// is what running the checks concurrently saves. Needs knotd (apt-get install knot). In process: the work
/// is waiting on sockets, not code generation, and the servers live in this process.
/// </summary>
[InProcess]
[WarmupCount(3)]
[IterationCount(15)]
public class VerifyBenchmarks
{
    private LocalPlatform? _platform;
    private VerifyTargets? _targets;

    /// <summary>0: bare loopback; 25: about a round trip from a European runner to Cloudflare's nameservers and the hosts.</summary>
    [Params(0, 25)]
    public int RoundTripMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (KnotServer.Missing is { } missing)
            throw new InvalidOperationException(missing);
        _targets = LocalPlatform.TargetsOf(StackFile.Load(PlanBenchmarks.Root(), "production"));
        _platform = new LocalPlatform(_targets, new PlatformBehaviour { RoundTrip = TimeSpan.FromMilliseconds(RoundTripMs) });
        // Measure passing runs only: a failing check may return early (or wait for its timeout).
        var report = Verifier.Run(_targets, _platform.Options()).GetAwaiter().GetResult();
        if (report.Failed > 0)
            throw new InvalidOperationException(report.ToText());
    }

    [GlobalCleanup]
    public void Cleanup() => _platform?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<VerifyReport> OneAfterTheOther() => Verifier.Run(_targets!, _platform!.Options() with { MaxConcurrency = 1 });

    [Benchmark]
    public Task<VerifyReport> Concurrent() => Verifier.Run(_targets!, _platform!.Options());
}

using System.Net;
using System.Net.Sockets;
using Platform.Cli.Verify;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>
/// The gateway's /health, its HTTP→HTTPS redirect and its certificate (docs/sources/hoodcloud-production-checklist.txt:
/// more than 30 days left).
/// </summary>
public class GatewayCheckTests
{
    private static readonly VerifyTargets Production = LocalPlatform.TargetsOf(Stack.Production);
    private const string Host = "apis.helloworlddao.com";

    private static async Task<VerifyReport> Verify(PlatformBehaviour behaviour)
    {
        await using var platform = new LocalPlatform(Production, behaviour);
        return await platform.Verify(VerifyOptions.Gateway);
    }

    private static CheckResult Line(VerifyReport report, string what) => Assert.Single(report.Checks, c => c.What == what);
    private static CheckResult Certificate(VerifyReport report) => Line(report, $"TLS certificate of {Host}:443");

    [Fact]
    public async Task A_healthy_gateway_with_a_fresh_certificate_passes_all_three()
    {
        var report = await Verify(new PlatformBehaviour());

        Assert.Equal(3, report.Passed);
        Assert.Equal("200 OK", Line(report, $"GET https://{Host}/health").Found);
        Assert.Equal($"301 to https://{Host}/health", Line(report, $"GET http://{Host}/health").Found);
        Assert.Contains("trusted", Certificate(report).Found);
        Assert.Contains("(88 days)", Certificate(report).Found);
    }

    [Fact]
    public async Task A_certificate_expiring_in_ten_days_fails_naming_the_host()
    {
        var report = await Verify(new PlatformBehaviour { Certificate = c => c.ExpiringSoon });

        var line = Certificate(report);
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains("(9 days)", line.Found);
        Assert.Contains("expires within 30 days", line.Found);
        Assert.Equal(Outcome.Passed, Line(report, $"GET https://{Host}/health").Outcome); // still served: only the expiry fails
    }

    [Fact]
    public async Task A_certificate_for_another_name_fails()
    {
        var report = await Verify(new PlatformBehaviour { Certificate = c => c.OtherName });

        var line = Certificate(report);
        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains("CN=other.example", line.Found);
        Assert.Contains("not issued for this host name", line.Found);
        Assert.Equal(Outcome.Failed, Line(report, $"GET https://{Host}/health").Outcome); // no browser would accept it either
    }

    [Fact]
    public async Task An_unhealthy_backend_and_a_missing_redirect_fail()
    {
        var report = await Verify(new PlatformBehaviour { HealthStatus = 503, RedirectsToHttps = false });

        Assert.StartsWith("503 ", Line(report, $"GET https://{Host}/health").Found);
        Assert.Contains("plain HTTP is not redirected to HTTPS", Line(report, $"GET http://{Host}/health").Found);
        Assert.Equal(2, report.Failed);
    }

    [Fact]
    public async Task A_gateway_that_accepts_but_never_answers_times_out_as_failures()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // the kernel accepts; nobody ever speaks
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new VerifyOptions
        {
            Checks = new HashSet<string> { VerifyOptions.Gateway },
            ConnectTo = new ConnectTo([((Host, 443), ("127.0.0.1", port)), ((Host, 80), ("127.0.0.1", port))]),
            Timeout = TimeSpan.FromSeconds(1),
        };

        var run = Verifier.Run(Production, options);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))); // "never hangs", with room for a busy machine

        Assert.Same(run, finished);
        var report = await run;
        Assert.Equal(3, Assert.Single(report.CannotReach).Probes);
        Assert.All(report.Results, c => Assert.Contains("within 1 s (timed out)", c.Found));
    }
}

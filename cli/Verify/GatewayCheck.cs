using System.Net;
using System.Net.Security;

namespace Platform.Cli.Verify;

/// <summary>
/// The gateway as a browser meets it: <c>https://&lt;host&gt;/health</c> answers 200
/// (docs/sources/hoodcloud-production-checklist.txt, docs/sources/pilox-production.txt), plain HTTP redirects to HTTPS,
/// and the certificate is trusted, issued for the host and valid for more than 30 more days (the threshold of
/// docs/sources/hoodcloud-production-checklist.txt "Certificate expiry > 30 days": Let's Encrypt renews at 30 days
/// left, so less means renewal is failing).
/// </summary>
internal sealed class GatewayCheck(HttpClient http, VerifyOptions options)
{
    public IEnumerable<Probe> Probes(GatewayTarget g)
    {
        var health = $"https://{g.Host}{GatewayTarget.HealthPath}";
        var plain = $"http://{g.Host}{GatewayTarget.HealthPath}";
        var certificate = $"TLS certificate of {g.Host}:443";
        yield return g.HasHealthRoute
            ? new Probe(VerifyOptions.Gateway, $"GET {health}", "200", ct => Health(health, ct)) { Server = g.Host }
            : new Probe(VerifyOptions.Gateway, $"GET {health}", "200", _ => Task.FromResult(CheckResult.Skip(VerifyOptions.Gateway, $"GET {health}", "200",
                $"the gateway has no {GatewayTarget.HealthPath} route (platform:gateway.routes)")));
        yield return new Probe(VerifyOptions.Gateway, $"GET {plain}", $"a redirect to https://{g.Host}", ct => Redirect(plain, g.Host, ct)) { Server = g.Host };
        yield return new Probe(VerifyOptions.Gateway, certificate, CertificateExpected(g.Host), ct => Certificate(g.Host, certificate, ct)) { Server = g.Host };
    }

    private static string CertificateExpected(string host) =>
        $"trusted, issued for {host}, expires in more than {GatewayTarget.MinimumCertificateDays} days";

    private async Task<CheckResult> Health(string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        var found = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        return response.StatusCode == HttpStatusCode.OK
            ? CheckResult.Pass(VerifyOptions.Gateway, $"GET {url}", "200", found)
            : CheckResult.Fail(VerifyOptions.Gateway, $"GET {url}", "200", found);
    }

    private async Task<CheckResult> Redirect(string url, string host, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        var location = response.Headers.Location;
        var found = $"{(int)response.StatusCode}{(location is null ? "" : $" to {location}")}";
        var expected = $"a redirect to https://{host}";
        var redirects = (int)response.StatusCode is 301 or 302 or 307 or 308
            && location is { IsAbsoluteUri: true, Scheme: "https" } && string.Equals(location.Host, host, StringComparison.OrdinalIgnoreCase);
        return redirects
            ? CheckResult.Pass(VerifyOptions.Gateway, $"GET {url}", expected, found)
            : CheckResult.Fail(VerifyOptions.Gateway, $"GET {url}", expected, $"{found}: plain HTTP is not redirected to HTTPS");
    }

    private async Task<CheckResult> Certificate(string host, string what, CancellationToken ct)
    {
        await using var stream = await options.ConnectTo.ConnectAsync(host, 443, ct);
        SslPolicyErrors errors = SslPolicyErrors.None;
        System.Security.Cryptography.X509Certificates.X509Certificate2? seen = null;
        await using var tls = new SslStream(stream);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, cert, _, e) =>
            {
                errors = Tls.Errors(cert, e, options.TrustedRoots);
                seen = cert is null ? null : Tls.Certificate(cert);
                return true; // judged below, so the report can say what is wrong with it
            },
        }, ct);
        using var certificate = seen;
        if (certificate is null)
            return CheckResult.Fail(VerifyOptions.Gateway, what, CertificateExpected(host), "no certificate");
        var left = certificate.NotAfter.ToUniversalTime() - options.Clock.GetUtcNow().UtcDateTime;
        var found = $"{certificate.Subject}, {Tls.Describe(errors)}, expires {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} ({Math.Floor(left.TotalDays)} days)";
        var problems = new List<string>();
        if (errors != SslPolicyErrors.None)
            problems.Add(Tls.Describe(errors));
        if (left.TotalDays <= GatewayTarget.MinimumCertificateDays)
            problems.Add($"expires within {GatewayTarget.MinimumCertificateDays} days: renewal is failing (check the ACME resolver in Traefik's logs)");
        return problems.Count == 0
            ? CheckResult.Pass(VerifyOptions.Gateway, what, CertificateExpected(host), found)
            : CheckResult.Fail(VerifyOptions.Gateway, what, CertificateExpected(host), $"{found}: {string.Join("; ", problems)}");
    }
}

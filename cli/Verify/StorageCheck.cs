using Platform.Stacks.Storage;

namespace Platform.Cli.Verify;

/// <summary>
/// docs/sources/frameworks-external-services.txt "Verify with an anonymous preflight curl": the preflight precedes
/// authentication, so no credentials are needed. Expected: 200, an allowed origin (R2 answers <c>*</c>, Hetzner's Ceph
/// echoes the requesting origin: both spec-correct, docs/sources/frameworks-external-services.txt), PUT among the
/// methods, and ETag exposed (the browser reads each part's ETag; without it multipart uploads never complete).
/// </summary>
internal sealed class StorageCheck(HttpClient http)
{
    /// <summary>
    /// The origin of the curl in docs/sources/frameworks-external-services.txt: the rule allows any origin, so any one
    /// will do.
    /// </summary>
    public const string Origin = "https://example.com";

    private static readonly string Method = "PUT", Header = "Content-Type", Exposed = CorsRule.BrowserUploads.ExposeHeaders.Single();

    public static string Expected => $"200, Access-Control-Allow-Origin * or {Origin}, methods with {Method}, exposes {Exposed}";

    public IEnumerable<Probe> Probes(IEnumerable<BucketTarget> buckets) =>
        buckets.Select(b => new Probe(VerifyOptions.Storage, $"CORS preflight {b.Provider} OPTIONS {b.Url}", Expected, ct => Check(b, ct))
        {
            Server = new Uri(b.Endpoint).Host,
        });

    private async Task<CheckResult> Check(BucketTarget bucket, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, bucket.Url);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", Method);
        request.Headers.Add("Access-Control-Request-Headers", Header);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);

        string? Single(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v) : null;
        static IEnumerable<string> Items(string? list) => (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        var origin = Single("Access-Control-Allow-Origin");
        var methods = Single("Access-Control-Allow-Methods");
        var exposed = Single("Access-Control-Expose-Headers");
        var problems = new List<string>();
        if ((int)response.StatusCode != 200)
            problems.Add($"status {(int)response.StatusCode}, not 200 (no CORS rule on the bucket?)");
        if (origin is not ("*" or Origin))
            problems.Add(origin is null ? "no Access-Control-Allow-Origin" : $"origin {origin} is neither * nor {Origin}");
        if (!Items(methods).Contains(Method, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{Method} not among the allowed methods");
        if (!Items(exposed).Contains(Exposed, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{Exposed} not exposed: the browser cannot read each part's {Exposed}, multipart uploads fail");

        var found = $"{(int)response.StatusCode}, allow-origin {origin ?? "(none)"}, methods {methods ?? "(none)"}, exposes {exposed ?? "(none)"}";
        var what = $"CORS preflight {bucket.Provider} OPTIONS {bucket.Url}";
        return problems.Count == 0
            ? CheckResult.Pass(VerifyOptions.Storage, what, Expected, found)
            : CheckResult.Fail(VerifyOptions.Storage, what, Expected, $"{found}: {string.Join("; ", problems)}");
    }
}

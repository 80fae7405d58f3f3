namespace Platform.Stacks.Storage;

/// <summary>
/// A bucket CORS rule, the same shape for R2 and Hetzner (docs/sources/frameworks-external-services.txt "CORS policy").
/// </summary>
public sealed record CorsRule(
    IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> AllowedMethods, IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposeHeaders, int MaxAgeSeconds)
{
    /// <summary>
    /// Browser-direct multipart uploads: the presigned URL is the auth boundary, not the Origin, so any
    /// origin may PUT/GET/HEAD; the browser must read each part's ETag (docs/sources/frameworks-external-services.txt).
    /// </summary>
    public static readonly CorsRule BrowserUploads = new(["*"], ["PUT", "GET", "HEAD"], ["*"], ["ETag"], 3600);

    public override string ToString() =>
        $"origins {string.Join(" ", AllowedOrigins)}; methods {string.Join(" ", AllowedMethods)}; headers {string.Join(" ", AllowedHeaders)}; expose {string.Join(" ", ExposeHeaders)}; max-age {MaxAgeSeconds}";
}

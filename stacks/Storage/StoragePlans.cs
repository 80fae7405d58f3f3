using Platform.Stacks.Plan;
using static Platform.Stacks.Plan.Planned;

namespace Platform.Stacks.Storage;

/// <summary>
/// The <c>STORAGE_S3_*</c> values a consumer needs
/// (docs/sources/frameworks-external-services.txt "Environment variables per cluster").
/// </summary>
public static class S3Outputs
{
    public const string Endpoint = "STORAGE_S3_ENDPOINT";
    public const string Bucket = "STORAGE_S3_BUCKET";
    public const string Region = "STORAGE_S3_REGION";
    public const string AccessKey = "STORAGE_S3_ACCESS_KEY";
    public const string SecretKey = "STORAGE_S3_SECRET_KEY";
}

/// <summary>
/// An R2 bucket with explicit location hint, the browser CORS rule, the default 7-day multipart-abort lifecycle
/// (docs/sources/frameworks-external-services.txt: keep it; retention belongs to the application) and an account token
/// scoped to this bucket with Object Read &amp; Write, whose S3 keys are secret outputs.
/// </summary>
public sealed record R2BucketPlan(
    string Name, string AccountId, string LocationHint, string Jurisdiction, CorsRule Cors, ResourcePolicy Policy) : IComponentPlan
{
    /// <summary>What a reviewer must know of an R2 bucket's place (the plan's note on every R2 bucket).</summary>
    public const string PermanentLocation =
        "R2 location hints are permanent: the provider keeps the bucket where it was created and ignores a new locationHint " +
        "(terraform-provider-cloudflare v5.19.1 r2_bucket plan modifiers), and another jurisdiction is another bucket: " +
        "moving one means a new bucket and copying its objects";

    public string Type => Tokens.R2BucketComponent;
    public string BucketName => $"{Name}-bucket";
    public string CorsName => $"{Name}-cors";
    public string LifecycleName => $"{Name}-lifecycle";
    public string TokenName => $"{Name}-token";

    public const int MultipartAbortDays = 7;
    public const string LifecycleRuleId = "Default Multipart Abort Rule";

    /// <summary>Cloudflare permission group "Workers R2 Storage Bucket Item Write" (Object Read &amp; Write).</summary>
    public const string ObjectReadWritePermissionGroup = "2efd5506f9c8494dacb1fa10a3e7d5b6";

    /// <summary>R2 signs with region "auto" (docs/sources/frameworks-external-services.txt).</summary>
    public const string S3Region = "auto";

    /// <summary>
    /// The S3 endpoint of the bucket's jurisdiction: a bucket in `eu` or `fedramp` is reached only at
    /// `&lt;account&gt;.&lt;jurisdiction&gt;.r2.cloudflarestorage.com` (Cloudflare R2 docs, "Jurisdictional restrictions").
    /// </summary>
    public string Endpoint => EndpointOf(AccountId, Jurisdiction);

    public static string EndpointOf(string accountId, string jurisdiction) => jurisdiction == DefaultJurisdiction
        ? $"https://{accountId}.r2.cloudflarestorage.com"
        : $"https://{accountId}.{jurisdiction}.r2.cloudflarestorage.com";

    public const string DefaultJurisdiction = "default";

    /// <summary>R2's default storage class, set explicitly so that the plan and the bucket say the same.</summary>
    public const string StorageClass = "Standard";

    /// <summary>The token policy's resource: this one bucket, nothing else in the account.</summary>
    public string TokenResource => TokenResourceOf(AccountId, Jurisdiction, Name);

    public static string TokenResourceOf(string accountId, string jurisdiction, string bucket) => $"com.cloudflare.edge.r2.bucket.{accountId}_{jurisdiction}_{bucket}";

    /// <summary>Cloudflare permission group "Workers R2 Storage Bucket Item Read" (Object Read only).</summary>
    public const string ObjectReadPermissionGroup = "6a018a9f2fc74eb6b293b0c548f38b39";

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.R2Bucket, BucketName, Name, Inputs(("accountId", AccountId), ("name", Name), ("location", LocationHint),
            ("jurisdiction", Jurisdiction), ("storageClass", StorageClass)), Policy);
        yield return Child(Tokens.R2BucketCors, CorsName, Name, Inputs(("accountId", AccountId), ("rule", Cors.ToString())), dependsOn: [BucketName]);
        yield return Child(Tokens.R2BucketLifecycle, LifecycleName, Name,
            Inputs(("accountId", AccountId), ("rule", $"{LifecycleRuleId}: abort incomplete multipart uploads after {MultipartAbortDays} days")), dependsOn: [BucketName]);
        yield return Child(Tokens.AccountToken, TokenName, Name, Inputs(("accountId", AccountId), ("name", $"r2-{Name}"), ("permission", "Object Read & Write"),
            ("resource", TokenResource)), dependsOn: [BucketName]);
    }
}

/// <summary>
/// A Hetzner Object Storage bucket and its browser CORS rule, made by two S3 calls the deploy runner runs
/// (HetznerS3Scripts says why not the AWS provider). Neither step deletes anything: removing the bucket from
/// the stack leaves it and its objects where they are.
/// </summary>
public sealed record HetznerBucketPlan(string Name, string Region, CorsRule Cors, ResourcePolicy Policy) : IComponentPlan
{
    public string Type => Tokens.HetznerBucketComponent;
    public string BucketName => $"{Name}-bucket";
    public string CorsName => $"{Name}-cors";

    /// <summary>
    /// Hetzner ignores the region for routing but S3 signing needs one (docs/sources/frameworks-external-services.txt).
    /// </summary>
    public const string S3Region = "us-east-1";

    public string Endpoint => $"https://{Region}.your-objectstorage.com";

    public string CreateScript => HetznerS3Scripts.CreateBucket(Endpoint, Name, S3Region);

    /// <summary>The steps' stdin carries the Hetzner S3 keys of the stack file.</summary>
    private static Dictionary<string, IReadOnlyList<string>> StdinSecrets =>
        new() { ["stdin"] = [SecretSourceOf.Config(Credentials.HetznerS3AccessKey), SecretSourceOf.Config(Credentials.HetznerS3SecretKey)] };
    public string CorsScript => HetznerS3Scripts.PutCors(Endpoint, Name, S3Region, Cors);

    public IEnumerable<PlannedResource> Resources()
    {
        yield return Component(Type, Name);
        yield return Child(Tokens.LocalCommand, BucketName, Name, Inputs(("bucket", Name), ("endpoint", Endpoint),
            ("create", TextDigest.Of(CreateScript, TextDigest.Script)), ("stdin.names", HetznerS3Scripts.Inputs)),
            Policy, secrets: ["stdin", .. RemoteCommands.SecretOutputs], secretSources: StdinSecrets);
        yield return Child(Tokens.LocalCommand, CorsName, Name, Inputs(("rule", Cors.ToString()),
            ("create", TextDigest.Of(CorsScript, TextDigest.Script)), ("stdin.names", HetznerS3Scripts.Inputs)),
            secrets: ["stdin", .. RemoteCommands.SecretOutputs], dependsOn: [BucketName], secretSources: StdinSecrets);
    }
}

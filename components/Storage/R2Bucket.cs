using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Pulumi;
using Cloudflare = Pulumi.Cloudflare;

namespace Platform.Components.Storage;

/// <summary>
/// An R2 bucket (explicit location hint and jurisdiction), the browser-upload CORS rule, the 7-day
/// multipart-abort lifecycle (docs/sources/frameworks-external-services.txt: keep it), and an account token scoped to this bucket alone.
/// </summary>
/// <remarks>
/// | output | secret |
/// |---|---|
/// | STORAGE_S3_ENDPOINT, STORAGE_S3_BUCKET, STORAGE_S3_REGION | no |
/// | STORAGE_S3_ACCESS_KEY (the token id), STORAGE_S3_SECRET_KEY (SHA-256 hex of the token value) | yes |
/// </remarks>
public sealed class R2Bucket : ComponentResource
{
    public const string Type = Tokens.R2BucketComponent;

    public Output<string> Endpoint { get; }
    public Output<string> Bucket { get; }
    public Output<string> Region { get; }
    public Output<string> AccessKeyId { get; }
    public Output<string> SecretAccessKey { get; }

    public R2Bucket(R2BucketPlan plan, ComponentResourceOptions? options = null) : base(Type, plan.Name, options)
    {
        var bucket = R2Parts.Bucket(plan.BucketName, plan.AccountId, plan.Name, plan.LocationHint, plan.Jurisdiction,
            PolicyOptions.For(plan.Policy, this));

        _ = new Cloudflare.R2BucketCors(plan.CorsName, new Cloudflare.R2BucketCorsArgs
        {
            AccountId = plan.AccountId,
            BucketName = bucket.Name,
            Jurisdiction = plan.Jurisdiction,
            Rules =
            {
                new Cloudflare.Inputs.R2BucketCorsRuleArgs
                {
                    Allowed = new Cloudflare.Inputs.R2BucketCorsRuleAllowedArgs
                    {
                        Origins = [.. plan.Cors.AllowedOrigins],
                        Methods = [.. plan.Cors.AllowedMethods],
                        Headers = [.. plan.Cors.AllowedHeaders],
                    },
                    ExposeHeaders = [.. plan.Cors.ExposeHeaders],
                    MaxAgeSeconds = plan.Cors.MaxAgeSeconds,
                },
            },
        }, PolicyOptions.Child(this));

        _ = new Cloudflare.R2BucketLifecycle(plan.LifecycleName, new Cloudflare.R2BucketLifecycleArgs
        {
            AccountId = plan.AccountId,
            BucketName = bucket.Name,
            Jurisdiction = plan.Jurisdiction,
            Rules = { R2Parts.MultipartAbortRule() },
        }, PolicyOptions.Child(this));

        var token = R2Parts.Token(plan.TokenName, $"r2-{plan.Name}", R2BucketPlan.ObjectReadWritePermissionGroup, plan.AccountId,
            plan.TokenResource, bucket, PolicyOptions.Child(this));

        Endpoint = Output.Create(plan.Endpoint);
        Bucket = bucket.Name;
        Region = Output.Create(R2BucketPlan.S3Region);
        AccessKeyId = Output.CreateSecret(token.Id);
        SecretAccessKey = Output.CreateSecret(R2Parts.S3SecretKey(token));

        RegisterOutputs(new Dictionary<string, object?>
        {
            [S3Outputs.Endpoint] = Endpoint,
            [S3Outputs.Bucket] = Bucket,
            [S3Outputs.Region] = Region,
            [S3Outputs.AccessKey] = AccessKeyId,
            [S3Outputs.SecretKey] = SecretAccessKey,
        });
    }
}

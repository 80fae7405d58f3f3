using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    /// <summary>Cloudflare's lifecycle condition type for "older than maxAge seconds".</summary>
    private const string AgeCondition = "Age";

    public Output<string> Endpoint { get; }
    public Output<string> Bucket { get; }
    public Output<string> Region { get; }
    public Output<string> AccessKeyId { get; }
    public Output<string> SecretAccessKey { get; }

    public R2Bucket(R2BucketPlan plan, ComponentResourceOptions? options = null) : base(Type, plan.Name, options)
    {
        var bucket = new Cloudflare.R2Bucket(plan.BucketName, new Cloudflare.R2BucketArgs
        {
            AccountId = plan.AccountId,
            Name = plan.Name,
            Location = plan.LocationHint,
            Jurisdiction = plan.Jurisdiction,
            StorageClass = R2BucketPlan.StorageClass,
        }, PolicyOptions.For(plan.Policy, this));

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
            Rules =
            {
                new Cloudflare.Inputs.R2BucketLifecycleRuleArgs
                {
                    Id = R2BucketPlan.LifecycleRuleId,
                    Enabled = true,
                    Conditions = new Cloudflare.Inputs.R2BucketLifecycleRuleConditionsArgs { Prefix = "" },
                    AbortMultipartUploadsTransition = new Cloudflare.Inputs.R2BucketLifecycleRuleAbortMultipartUploadsTransitionArgs
                    {
                        Condition = new Cloudflare.Inputs.R2BucketLifecycleRuleAbortMultipartUploadsTransitionConditionArgs
                        {
                            Type = AgeCondition,
                            MaxAge = (int)TimeSpan.FromDays(R2BucketPlan.MultipartAbortDays).TotalSeconds,
                        },
                    },
                },
            },
        }, PolicyOptions.Child(this));

        var token = new Cloudflare.AccountToken(plan.TokenName, new Cloudflare.AccountTokenArgs
        {
            AccountId = plan.AccountId,
            Name = $"r2-{plan.Name}",
            Policies =
            {
                new Cloudflare.Inputs.AccountTokenPolicyArgs
                {
                    Effect = "allow",
                    PermissionGroups = { new Cloudflare.Inputs.AccountTokenPolicyPermissionGroupArgs { Id = R2BucketPlan.ObjectReadWritePermissionGroup } },
                    // The API takes the resources as a JSON object: this bucket, nothing else in the account.
                    Resources = bucket.Name.Apply(_ => JsonSerializer.Serialize(new Dictionary<string, string> { [plan.TokenResource] = "*" })),
                },
            },
        }, PolicyOptions.Child(this));

        Endpoint = Output.Create(plan.Endpoint);
        Bucket = bucket.Name;
        Region = Output.Create(R2BucketPlan.S3Region);
        // R2's S3 credentials are derived from the token (Cloudflare R2 docs, developers.cloudflare.com/r2/api/tokens/, "Get S3 API
        // credentials from an API token"): id = token id, secret = SHA-256 of its value.
        AccessKeyId = Output.CreateSecret(token.Id);
        SecretAccessKey = Output.CreateSecret(token.Value.Apply(Sha256Hex));

        RegisterOutputs(new Dictionary<string, object?>
        {
            [S3Outputs.Endpoint] = Endpoint,
            [S3Outputs.Bucket] = Bucket,
            [S3Outputs.Region] = Region,
            [S3Outputs.AccessKey] = AccessKeyId,
            [S3Outputs.SecretKey] = SecretAccessKey,
        });
    }

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

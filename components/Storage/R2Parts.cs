using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Stacks.Storage;
using Pulumi;
using Cloudflare = Pulumi.Cloudflare;

namespace Platform.Components.Storage;

/// <summary>
/// What every R2 bucket of the platform is made of, the application buckets (<see cref="R2Bucket"/>) and the backups'
/// (<see cref="Backup.Backups"/>) alike: the bucket with its explicit location and jurisdiction, the multipart-abort
/// lifecycle rule R2 applies by default, an account token scoped to that bucket alone, and the S3 secret derived from it.
/// </summary>
internal static class R2Parts
{
    /// <summary>Cloudflare's lifecycle condition type for "older than maxAge seconds".</summary>
    public const string AgeCondition = "Age";

    public static Cloudflare.R2Bucket Bucket(string logicalName, string accountId, string name, string locationHint, string jurisdiction,
        CustomResourceOptions options) =>
        new(logicalName, new Cloudflare.R2BucketArgs
        {
            AccountId = accountId,
            Name = name,
            Location = locationHint,
            Jurisdiction = jurisdiction,
            StorageClass = R2BucketPlan.StorageClass,
        }, options);

    /// <summary>
    /// R2's default rule, kept: a lifecycle resource is the bucket's whole lifecycle configuration, so a configuration
    /// without it would remove it (docs/sources/frameworks-external-services.txt: keep it).
    /// </summary>
    public static Cloudflare.Inputs.R2BucketLifecycleRuleArgs MultipartAbortRule() => new()
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
    };

    /// <summary>An account token with one permission group on one bucket (the API takes its resources as a JSON object).</summary>
    public static Cloudflare.AccountToken Token(string logicalName, string name, string permissionGroup, string accountId,
        string tokenResource, Cloudflare.R2Bucket bucket, CustomResourceOptions options) =>
        new(logicalName, new Cloudflare.AccountTokenArgs
        {
            AccountId = accountId,
            Name = name,
            Policies =
            {
                new Cloudflare.Inputs.AccountTokenPolicyArgs
                {
                    Effect = "allow",
                    PermissionGroups = { new Cloudflare.Inputs.AccountTokenPolicyPermissionGroupArgs { Id = permissionGroup } },
                    Resources = bucket.Name.Apply(_ => JsonSerializer.Serialize(new Dictionary<string, string> { [tokenResource] = "*" })),
                },
            },
        }, options);

    /// <summary>
    /// The S3 secret access key of a token: R2's S3 credentials are derived from it (Cloudflare R2 docs,
    /// developers.cloudflare.com/r2/api/tokens/, "Get S3 API credentials from an API token"): the access key id is the
    /// token's id, the secret the SHA-256 (hex) of its value.
    /// </summary>
    public static Output<string> S3SecretKey(Cloudflare.AccountToken token) =>
        token.Value.Apply(value => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))));
}

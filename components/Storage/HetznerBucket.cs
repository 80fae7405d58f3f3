using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Platform.Components.Storage;

/// <summary>
/// A Hetzner Object Storage bucket through the S3 API: an <c>aws</c> provider pointed at the Hetzner
/// endpoint (path style; every AWS-only check skipped, since there is no STS, IMDS or AWS region there),
/// the bucket, and the browser-upload CORS rule. The only file that uses Pulumi.Aws.
/// </summary>
/// <remarks>Outputs: STORAGE_S3_ENDPOINT, STORAGE_S3_BUCKET, STORAGE_S3_REGION (plain; the keys are the operator's).</remarks>
public sealed class HetznerBucket : ComponentResource
{
    public const string Type = Tokens.HetznerBucketComponent;

    public Output<string> Endpoint { get; }
    public Output<string> Bucket { get; }
    public Output<string> Region { get; }

    public HetznerBucket(HetznerBucketPlan plan, Input<string> accessKey, Input<string> secretKey, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var provider = new Aws.Provider(plan.ProviderName, new Aws.ProviderArgs
        {
            Region = HetznerBucketPlan.S3Region,
            AccessKey = accessKey,
            SecretKey = secretKey,
            Endpoints = { new Aws.Inputs.ProviderEndpointArgs { S3 = plan.Endpoint } },
            S3UsePathStyle = true,
            SkipCredentialsValidation = true,
            SkipMetadataApiCheck = true,
            SkipRegionValidation = true,
            SkipRequestingAccountId = true,
        }, PolicyOptions.Child(this));

        var bucket = new Aws.S3.Bucket(plan.BucketName, new Aws.S3.BucketArgs
        {
            BucketName = plan.Name,
            // Never delete objects with the bucket: they are the archive.
            ForceDestroy = false,
        }, PolicyOptions.For(plan.Policy, this, provider));

        _ = new Aws.S3.BucketCorsConfiguration(plan.CorsName, new Aws.S3.BucketCorsConfigurationArgs
        {
            Bucket = bucket.BucketName,
            CorsRules =
            {
                new Aws.S3.Inputs.BucketCorsConfigurationCorsRuleArgs
                {
                    AllowedOrigins = [.. plan.Cors.AllowedOrigins],
                    AllowedMethods = [.. plan.Cors.AllowedMethods],
                    AllowedHeaders = [.. plan.Cors.AllowedHeaders],
                    ExposeHeaders = [.. plan.Cors.ExposeHeaders],
                    MaxAgeSeconds = plan.Cors.MaxAgeSeconds,
                },
            },
        }, PolicyOptions.Child(this, provider));

        Endpoint = Output.Create(plan.Endpoint);
        Bucket = bucket.BucketName;
        Region = Output.Create(HetznerBucketPlan.S3Region);
        RegisterOutputs(new Dictionary<string, object?>
        {
            [S3Outputs.Endpoint] = Endpoint,
            [S3Outputs.Bucket] = Bucket,
            [S3Outputs.Region] = Region,
        });
    }
}

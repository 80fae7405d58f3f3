using System.Collections.Immutable;
using System.Text.Json;
using Platform.Components.Storage;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Pulumi;

namespace Platform.Components.Tests.Storage;

[Collection(PulumiCollection.Name)]
public sealed class StorageTests
{
    private static Task<PulumiTest> Buckets(string stack) => PulumiTest.Components(stack, (plan, test) =>
    {
        var outputs = new Dictionary<string, object?>();
        foreach (var b in plan.R2Buckets)
        {
            var bucket = new R2Bucket(b, test.Recording);
            outputs["accessKey"] = bucket.AccessKeyId;
            outputs["secretKey"] = bucket.SecretAccessKey;
            outputs["endpoint"] = bucket.Endpoint;
        }
        foreach (var b in plan.HetznerBuckets)
            _ = new HetznerBucket(b, Output.CreateSecret("access"), Output.CreateSecret("secret"), test.Recording);
        return outputs;
    });

    [Fact]
    public async Task Both_kinds_of_bucket_carry_the_browser_upload_cors_rule()
    {
        var test = await Buckets("production");
        var rule = CorsRule.BrowserUploads;

        var r2 = test.Named("hwdao-production-media-cors");
        Assert.Equal(rule.AllowedOrigins, r2.Texts("rules.0.allowed.origins"));
        Assert.Equal(rule.AllowedMethods, r2.Texts("rules.0.allowed.methods"));
        Assert.Equal(rule.AllowedHeaders, r2.Texts("rules.0.allowed.headers"));
        Assert.Equal(rule.ExposeHeaders, r2.Texts("rules.0.exposeHeaders"));
        Assert.Equal((double)rule.MaxAgeSeconds, r2.At("rules.0.maxAgeSeconds"));

        var s3 = test.Named("hwdao-production-archive-cors");
        Assert.Equal(rule.AllowedMethods, s3.Texts("corsRules.0.allowedMethods"));
        Assert.Equal(rule.ExposeHeaders, s3.Texts("corsRules.0.exposeHeaders"));
        Assert.Equal((double)rule.MaxAgeSeconds, s3.At("corsRules.0.maxAgeSeconds"));
    }

    [Fact]
    public async Task R2_keeps_the_seven_day_multipart_abort_rule()
    {
        var test = await Buckets("staging");

        var lifecycle = test.Named("hwdao-staging-media-lifecycle");
        Assert.Equal(R2BucketPlan.LifecycleRuleId, lifecycle.Text("rules.0.id"));
        Assert.Equal(true, lifecycle.At("rules.0.enabled"));
        Assert.Equal("Age", lifecycle.Text("rules.0.abortMultipartUploadsTransition.condition.type"));
        Assert.Equal(7 * 24 * 3600.0, lifecycle.At("rules.0.abortMultipartUploadsTransition.condition.maxAge"));
    }

    [Fact]
    public async Task The_r2_bucket_has_an_explicit_location_hint_and_jurisdiction()
    {
        var test = await Buckets("staging");

        var bucket = test.Named("hwdao-staging-media-bucket");
        Assert.Equal(("weur", "default"), (bucket.Text("location"), bucket.Text("jurisdiction")));
    }

    [Fact]
    public async Task The_r2_token_may_read_and_write_objects_of_its_bucket_only()
    {
        var test = await Buckets("staging");
        var plan = PulumiTest.Plan("staging").R2Buckets.Single();

        var token = test.Named(plan.TokenName);
        Assert.Equal(R2BucketPlan.ObjectReadWritePermissionGroup, token.Text("policies.0.permissionGroups.0.id"));
        var resources = JsonSerializer.Deserialize<Dictionary<string, string>>(token.Text("policies.0.resources")!)!;
        Assert.Equal([plan.TokenResource], resources.Keys);
    }

    [Fact]
    public async Task R2_s3_keys_are_secret_outputs()
    {
        var test = await Buckets("staging");

        Assert.True(await Output.IsSecretAsync((Output<string>)test.Outputs["accessKey"]!));
        Assert.True(await Output.IsSecretAsync((Output<string>)test.Outputs["secretKey"]!));
        Assert.False(await Output.IsSecretAsync((Output<string>)test.Outputs["endpoint"]!));
    }

    [Fact]
    public async Task The_hetzner_bucket_goes_through_its_own_s3_provider()
    {
        var test = await Buckets("production");

        var provider = test.Named("hwdao-production-archive-provider");
        Assert.Equal(HetznerBucketPlan.S3Region, provider.Text("region"));
        // A provider's structured inputs reach the engine as JSON text.
        var endpoints = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(provider.Text("endpoints")!)!;
        Assert.Equal("https://hel1.your-objectstorage.com", endpoints.Single()["s3"]);
        foreach (var flag in new[] { "s3UsePathStyle", "skipCredentialsValidation", "skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId" })
            Assert.True(provider.At(flag) is true or "true", flag);
        Assert.All(new[] { "hwdao-production-archive-bucket", "hwdao-production-archive-cors" },
            name => Assert.Contains("hwdao-production-archive-provider", test.Named(name).Provider));
        Assert.Equal(false, test.Named("hwdao-production-archive-bucket").At("forceDestroy"));
    }

    [Fact]
    public async Task Production_buckets_are_protected_and_retained_on_delete()
    {
        var test = await Buckets("production");

        foreach (var name in new[] { "hwdao-production-media-bucket", "hwdao-production-archive-bucket" })
            Assert.True(test.OptionsOf(name) is { Protect: true, RetainOnDelete: true }, name);
    }
}

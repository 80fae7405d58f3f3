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
        Assert.Contains(HetznerS3Scripts.CorsXml(rule), s3.Text("create"));
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
    public async Task The_hetzner_bucket_is_made_by_the_planned_s3_calls_with_the_keys_on_stdin_only()
    {
        var test = await Buckets("production");
        var plan = PulumiTest.Plan("production").HetznerBuckets.Single();

        var bucket = test.Named(plan.BucketName);
        var cors = test.Named(plan.CorsName);
        Assert.Equal(plan.CreateScript, bucket.Text("create"));
        Assert.Equal(plan.CorsScript, cors.Text("create"));
        foreach (var step in new[] { bucket, cors })
        {
            Assert.Equal(["bash", "-c"], step.Texts("interpreter"));
            Assert.Equal("none", step.Text("logging"));
            Assert.Null(step.At("delete"));
            Assert.Null(step.At("environment"));
            Assert.Equal(ScriptInputs.Encode([new(HetznerS3Scripts.AccessKeyInput, "access"), new(HetznerS3Scripts.SecretKeyInput, "secret")]), step.Text("stdin"));
            Assert.Equal([.. RemoteCommands.SecretOutputs], test.OptionsOf(step.Name!).AdditionalSecretOutputs);
        }
    }

    [Fact]
    public async Task Production_buckets_are_protected_and_retained_on_delete()
    {
        var test = await Buckets("production");

        foreach (var name in new[] { "hwdao-production-media-bucket", "hwdao-production-archive-bucket" })
            Assert.True(test.OptionsOf(name) is { Protect: true, RetainOnDelete: true }, name);
    }
}

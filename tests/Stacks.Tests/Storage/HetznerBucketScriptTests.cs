using System.Xml.Linq;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Platform.Stacks.Tests.Scripts;

namespace Platform.Stacks.Tests.Storage;

/// <summary>
/// The Hetzner bucket steps run as the deploy runner runs them (bash, curl, openssl; .ci/apt-packages lists
/// them), against an S3 on loopback that checks their SigV4 signatures. Without curl these tests fail.
/// </summary>
public sealed class HetznerBucketScriptTests : IDisposable
{
    private const string AccessKey = "HETZNERTESTKEY0001";
    private const string SecretKey = "s3cr\"et\\with/quote+slash=";
    private const string Bucket = "hwdao-test-archive";
    private readonly LoopbackS3 _s3 = new(AccessKey, SecretKey, HetznerBucketPlan.S3Region);
    private readonly string _dir = Directory.CreateTempSubdirectory("hetzner-s3-").FullName;

    [Fact]
    public void Creates_the_bucket_then_adopts_it_on_every_later_run()
    {
        var first = Run(Create());
        var second = Run(Create());

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("is in place", first.Output);
        Assert.Contains("adopted", second.Output);
        Assert.Equal([Bucket], _s3.OwnedBuckets.Keys);
    }

    [Fact]
    public void A_name_another_account_owns_fails_and_says_so()
    {
        _s3.OthersBuckets.Add(Bucket);

        var run = Run(Create());

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("taken by another account", run.Error);
    }

    [Fact]
    public void Wrong_keys_fail_with_the_status_and_never_print_a_key()
    {
        // 12 characters: the stdin reader on main loses values of length 2 mod 3 (fixed on issue-8).
        var run = Run(Create(), secret: "wrong-secret");

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("HTTP 403", run.Error);
        Assert.Contains("SignatureDoesNotMatch", run.Error);
        Assert.DoesNotContain("wrong-secret", run.Output + run.Error);
    }

    [Fact]
    public void Sets_the_browser_upload_cors_rule_with_its_content_md5()
    {
        Assert.Equal(0, Run(Create()).Exit);

        var run = Run(HetznerS3Scripts.PutCors(_s3.Endpoint, Bucket, HetznerBucketPlan.S3Region, CorsRule.BrowserUploads));

        Assert.True(run.Exit == 0, run.Error);
        var rule = _s3.OwnedBuckets[Bucket]!.Root!.Elements().Single();
        string[] Values(string name) => [.. rule.Elements().Where(e => e.Name.LocalName == name).Select(e => e.Value)];
        Assert.Equal(CorsRule.BrowserUploads.AllowedOrigins, Values("AllowedOrigin"));
        Assert.Equal(CorsRule.BrowserUploads.AllowedMethods, Values("AllowedMethod"));
        Assert.Equal(CorsRule.BrowserUploads.AllowedHeaders, Values("AllowedHeader"));
        Assert.Equal(CorsRule.BrowserUploads.ExposeHeaders, Values("ExposeHeader"));
        Assert.Equal(["3600"], Values("MaxAgeSeconds"));
    }

    [Fact]
    public void The_cors_step_fails_when_the_bucket_does_not_exist()
    {
        var run = Run(HetznerS3Scripts.PutCors(_s3.Endpoint, Bucket, HetznerBucketPlan.S3Region, CorsRule.BrowserUploads));

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("HTTP 404", run.Error);
    }

    [Fact]
    public void The_keys_reach_curl_neither_on_its_command_line_nor_in_its_environment()
    {
        // A curl first on PATH that records its arguments and environment, then runs the real one.
        var log = Path.Combine(_dir, "curl.log");
        var real = Run("command -v curl").Output.Trim();
        var wrapper = Path.Combine(_dir, "curl");
        File.WriteAllText(wrapper, $"#!/usr/bin/env bash\n{{ printf '%s\\n' \"$@\"; env; }} >> {Shell.Quote(log)}\nexec {Shell.Quote(real)} \"$@\"\n");
        Assert.Equal(0, Run($"chmod 700 {Shell.Quote(wrapper)}").Exit);

        var run = Run(Create(), path: $"{_dir}:{Environment.GetEnvironmentVariable("PATH")}");

        Assert.True(run.Exit == 0, run.Error);
        var recorded = File.ReadAllText(log);
        Assert.Contains("--aws-sigv4", recorded);
        Assert.DoesNotContain(AccessKey, recorded);
        Assert.DoesNotContain("s3cr", recorded);
        Assert.DoesNotContain(AccessKey, Create());
    }

    private string Create() => HetznerS3Scripts.CreateBucket(_s3.Endpoint, Bucket, HetznerBucketPlan.S3Region);

    private static (int Exit, string Output, string Error) Run(string script, string secret = SecretKey, string? path = null) =>
        LocalScript.Run(script, ScriptInputs.Encode([new(HetznerS3Scripts.AccessKeyInput, AccessKey), new(HetznerS3Scripts.SecretKeyInput, secret)]), path);

    public void Dispose()
    {
        _s3.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

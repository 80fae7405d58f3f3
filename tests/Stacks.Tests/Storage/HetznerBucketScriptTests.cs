using System.Xml.Linq;
using Platform.Cli.Verify;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Platform.Stacks.Tests.Scripts;

namespace Platform.Stacks.Tests.Storage;

/// <summary>
/// The Hetzner bucket steps run as the deploy runner runs them (bash, curl, openssl; .ci/apt-packages lists
/// them) against a real Ceph RGW, what Hetzner Object Storage runs (<see cref="CephRgw"/>): its signature checks,
/// its answers to a second CreateBucket and to a name another account owns, its CORS storage and preflights.
/// </summary>
public sealed class HetznerBucketScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hetzner-s3-").FullName;
    private readonly string _bucket = $"hwdao-test-{Guid.NewGuid():N}"[..30];

    private static CephRgw Ceph => CephRgw.Shared;

    /// <summary>
    /// Review B1: these facts were found on Debian's Ceph 16.2.15; GitHub's ubuntu-24.04 installs Ubuntu noble's 19.2.
    /// The version is named by every start failure and by this test, so a run on another release says which it was.
    /// </summary>
    [CephFact]
    public void The_ceph_under_test_names_its_version()
    {
        Assert.Matches(@"^ceph version \d+\.\d+\.\d+", CephRgw.Version);
        Console.WriteLine($"Ceph under test: {CephRgw.Version}");
    }

    [CephFact]
    public void Creates_the_bucket_and_a_second_run_finds_it_in_place()
    {
        var owner = Ceph.CreateUser("owner");

        var first = Run(Create(), owner);
        var second = Run(Create(), owner);

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, $"{CephRgw.Version}: {second.Error}");
        // RGW, like S3 in us-east-1, answers 200 to its owner's CreateBucket of an existing bucket: no 409 (found on
        // 16.2.15; the message names the Ceph this ran on).
        Assert.Contains("is in place", first.Output);
        Assert.Contains("is in place", second.Output);
        Assert.Contains($"\"bucket\": \"{_bucket}\"", Ceph.Admin("bucket", "stats", "--bucket", _bucket));
        Assert.Contains(owner.Uid, Ceph.Admin("bucket", "stats", "--bucket", _bucket));
    }

    [CephFact]
    public void A_name_another_account_owns_fails_and_says_so()
    {
        var other = Ceph.CreateUser("other");
        Assert.Equal(0, Run(Create(), other).Exit);

        var run = Run(Create(), Ceph.CreateUser("owner"));

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("taken by another account", run.Error);
        Assert.Contains("BucketAlreadyExists", run.Error);
    }

    [CephFact]
    public void Wrong_keys_fail_with_the_status_and_never_print_a_key()
    {
        var owner = Ceph.CreateUser("owner");

        var run = Run(Create(), owner with { SecretKey = "wrong-secret" });

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("HTTP 403", run.Error);
        Assert.Contains("SignatureDoesNotMatch", run.Error);
        Assert.DoesNotContain("wrong-secret", run.Output + run.Error);
        Assert.DoesNotContain(owner.AccessKey, run.Output + run.Error);
    }

    [CephFact]
    public async Task Sets_the_browser_upload_cors_rule_which_ceph_stores_and_answers_preflights_with()
    {
        var owner = Ceph.CreateUser("owner");
        Assert.Equal(0, Run(Create(), owner).Exit);

        var run = Run(Cors(), owner);

        Assert.True(run.Exit == 0, run.Error);
        AssertRuleIsBrowserUploads(await GetCors(owner));
        using var http = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{Ceph.Endpoint}/{_bucket}");
        preflight.Headers.Add("Origin", "https://example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        using var answer = await http.SendAsync(preflight);
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.Equal("https://example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single()); // echoed, not "*" (docs/sources/frameworks-external-services.txt)
        Assert.Equal("ETag", answer.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [CephFact]
    public async Task A_different_rule_already_on_the_bucket_is_replaced_and_a_second_run_changes_nothing()
    {
        var owner = Ceph.CreateUser("owner");
        Assert.Equal(0, Run(Create(), owner).Exit);
        var old = "<CORSConfiguration><CORSRule><AllowedOrigin>https://old.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>" +
                  "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>DELETE</AllowedMethod></CORSRule></CORSConfiguration>";
        var md5 = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(old)));
        var put = await S3(owner).Send(HttpMethod.Put, $"/{_bucket}", new Dictionary<string, string> { ["cors"] = "" },
            System.Text.Encoding.UTF8.GetBytes(old), new Dictionary<string, string> { ["Content-MD5"] = md5 });
        Assert.Equal(200, put.Status);

        Assert.True(Run(Cors(), owner).Exit == 0);
        var once = await GetCors(owner);
        Assert.True(Run(Cors(), owner).Exit == 0);

        AssertRuleIsBrowserUploads(once);
        Assert.Equal(once.ToString(), (await GetCors(owner)).ToString());
    }

    [CephFact]
    public void Ceph_refuses_the_signature_curl_makes_for_a_bare_cors_query_which_is_why_the_step_writes_cors_equals()
    {
        var owner = Ceph.CreateUser("owner");
        Assert.Equal(0, Run(Create(), owner).Exit);

        var bare = Run(Cors().Replace("\"?cors=\"", "\"?cors\""), owner);

        Assert.NotEqual(0, bare.Exit);
        Assert.Contains("SignatureDoesNotMatch", bare.Error);
    }

    [CephFact]
    public void The_cors_step_fails_when_the_bucket_does_not_exist()
    {
        var run = Run(Cors(), Ceph.CreateUser("owner"));

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("HTTP 404", run.Error);
        Assert.Contains("NoSuchBucket", run.Error);
    }

    [CephFact]
    public void The_keys_reach_curl_neither_on_its_command_line_nor_in_its_environment()
    {
        var owner = Ceph.CreateUser("owner");
        // A curl first on PATH that records its arguments and environment, then runs the real one.
        var log = Path.Combine(_dir, "curl.log");
        var real = LocalScript.Run("command -v curl").Output.Trim();
        var wrapper = Path.Combine(_dir, "curl");
        File.WriteAllText(wrapper, $"#!/usr/bin/env bash\n{{ printf '%s\\n' \"$@\"; env; }} >> {Shell.Quote(log)}\nexec {Shell.Quote(real)} \"$@\"\n");
        Assert.Equal(0, LocalScript.Run($"chmod 700 {Shell.Quote(wrapper)}").Exit);

        var run = Run(Create(), owner, path: $"{_dir}:{Environment.GetEnvironmentVariable("PATH")}");

        Assert.True(run.Exit == 0, run.Error);
        var recorded = File.ReadAllText(log);
        Assert.Contains("--aws-sigv4", recorded);
        Assert.DoesNotContain(owner.AccessKey, recorded);
        Assert.DoesNotContain(owner.SecretKey, recorded);
    }

    private static void AssertRuleIsBrowserUploads(XElement cors)
    {
        var rule = Assert.Single(cors.Elements(), e => e.Name.LocalName == "CORSRule");
        string[] Values(string name) => [.. rule.Elements().Where(e => e.Name.LocalName == name).Select(e => e.Value)];
        Assert.Equal(CorsRule.BrowserUploads.AllowedOrigins, Values("AllowedOrigin"));
        // RGW gives the methods back in its own order (GET, PUT, HEAD): a set, in CORS as in the S3 API.
        Assert.Equal(CorsRule.BrowserUploads.AllowedMethods.Order(), Values("AllowedMethod").Order());
        Assert.Equal(CorsRule.BrowserUploads.AllowedHeaders, Values("AllowedHeader"));
        Assert.Equal(CorsRule.BrowserUploads.ExposeHeaders, Values("ExposeHeader"));
        Assert.Equal(["3600"], Values("MaxAgeSeconds"));
    }

    private async Task<XElement> GetCors(S3User owner)
    {
        var (status, body) = await S3(owner).Send(HttpMethod.Get, $"/{_bucket}", new Dictionary<string, string> { ["cors"] = "" });
        Assert.True(status == 200, $"GetBucketCors: HTTP {status} {body}");
        return XDocument.Parse(body).Root!;
    }

    private static S3Client S3(S3User user) => new(new HttpClient(), Ceph.Endpoint, HetznerBucketPlan.S3Region, new S3Credentials(user.AccessKey, user.SecretKey));

    private string Create() => HetznerS3Scripts.CreateBucket(Ceph.Endpoint, _bucket, HetznerBucketPlan.S3Region);

    private string Cors() => HetznerS3Scripts.PutCors(Ceph.Endpoint, _bucket, HetznerBucketPlan.S3Region, CorsRule.BrowserUploads);

    private static (int Exit, string Output, string Error) Run(string script, S3User user, string? path = null) =>
        LocalScript.Run(script, ScriptInputs.Encode([new(HetznerS3Scripts.AccessKeyInput, user.AccessKey), new(HetznerS3Scripts.SecretKeyInput, user.SecretKey)]), path);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

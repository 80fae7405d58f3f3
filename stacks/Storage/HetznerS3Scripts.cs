using System.Security;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Storage;

/// <summary>
/// The S3 calls that create a Hetzner Object Storage bucket and set its CORS rule, as bash scripts the
/// deploy runner runs (a local Command). Hetzner Object Storage runs on Ceph RGW, and since
/// terraform-provider-aws 6.23 (pulumi-aws 7.13, per pulumi/pulumi-aws#6317; this repository pins 7.37) the
/// AWS provider reads a bucket's tags through S3 Control ListTagsForResource, which RGW does not implement
/// (hashicorp/terraform-provider-aws#46202, open: 403 AccessDenied) and whose endpoint cannot even be resolved
/// with skip_requesting_account_id (#45520: "AccountId must only contain a-z, A-Z, 0-9 and `-`"). So the
/// bucket is made with the two plain S3 operations Hetzner documents: CreateBucket and PutBucketCors,
/// signed with AWS Signature V4 by curl (--aws-sigv4, curl >= 7.75).
/// The keys arrive on stdin (ScriptInputs, which never exports them to a child process) and
/// reach curl in its config read from stdin: never on a command line (ps) nor in a child's environment. Both calls are idempotent: a bucket we already own answers 409
/// BucketAlreadyOwnedByYou, which is adoption; PutBucketCors replaces the whole rule set.
/// </summary>
public static class HetznerS3Scripts
{
    public const string AccessKeyInput = "HETZNER_S3_ACCESS_KEY";
    public const string SecretKeyInput = "HETZNER_S3_SECRET_KEY";
    public static readonly string[] Inputs = [AccessKeyInput, SecretKeyInput];

    /// <summary>CreateBucket (<c>Storage/Scripts/create-bucket.sh</c>, after <c>s3.sh</c>).</summary>
    public static string CreateBucket(string endpoint, string bucket, string region) => Request(endpoint, bucket, region)
        .Part("Storage/Scripts/create-bucket.sh")
        .Script($"Creates the Hetzner Object Storage bucket {bucket} unless this account already owns it.", Inputs);

    /// <summary>PutBucketCors with <paramref name="rule"/> as S3's XML (<c>Storage/Scripts/put-cors.sh</c>, after <c>s3.sh</c>).</summary>
    public static string PutCors(string endpoint, string bucket, string region, CorsRule rule) => Request(endpoint, bucket, region)
        .Set("cors_xml", CorsXml(rule))
        .Part("Storage/Scripts/put-cors.sh")
        .Script($"Sets the CORS rule of the Hetzner Object Storage bucket {bucket} ({rule}).", Inputs);

    /// <summary>The S3 XML of one CORS rule (S3 API reference, PutBucketCors).</summary>
    public static string CorsXml(CorsRule rule)
    {
        static IEnumerable<string> Elements(string name, IEnumerable<string> values) => values.Select(v => $"    <{name}>{SecurityElement.Escape(v)}</{name}>");
        return string.Join("\n", new[] { """<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">""", "  <CORSRule>" }
            .Concat(Elements("AllowedOrigin", rule.AllowedOrigins)).Concat(Elements("AllowedMethod", rule.AllowedMethods))
            .Concat(Elements("AllowedHeader", rule.AllowedHeaders)).Concat(Elements("ExposeHeader", rule.ExposeHeaders))
            .Concat([$"    <MaxAgeSeconds>{rule.MaxAgeSeconds}</MaxAgeSeconds>", "  </CORSRule>", "</CORSConfiguration>"]));
    }

    /// <summary>The bucket's endpoint, name and region, and the signed request every step makes (<c>Storage/Scripts/s3.sh</c>).</summary>
    private static ShellScript Request(string endpoint, string bucket, string region) => new ShellScript()
        .Set("endpoint", endpoint)
        .Set("bucket", bucket)
        .Set("region", region)
        .Part("Storage/Scripts/s3.sh");
}

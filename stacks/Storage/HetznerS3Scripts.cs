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

    public static string CreateBucket(string endpoint, string bucket, string region) => Shell.Script(
        $"Creates the Hetzner Object Storage bucket {bucket} unless this account already owns it.", $$"""
        {{Prologue(endpoint, bucket, region)}}
        code=$(s3 PUT "" /dev/null)
        case "$code" in
          # S3 in us-east-1 (and RGW, which follows it) may also answer 200 for a bucket the account already owns.
          200) echo "bucket $bucket is in place: created, or already this account's" ;;
          409)
            if grep -q '<Code>BucketAlreadyOwnedByYou</Code>' "$response"; then
              echo "bucket $bucket exists and belongs to this account: adopted"
            else
              echo "the bucket name $bucket is taken by another account: choose another name in platform:storage.hetznerBuckets" >&2
              cat "$response" >&2
              exit 1
            fi ;;
          *)
            echo "creating bucket $bucket at $endpoint failed with HTTP $code:" >&2
            cat "$response" >&2
            exit 1 ;;
        esac
        """, Inputs);

    public static string PutCors(string endpoint, string bucket, string region, CorsRule rule) => Shell.Script(
        $"Sets the CORS rule of the Hetzner Object Storage bucket {bucket} ({rule}).", $$"""
        {{Prologue(endpoint, bucket, region)}}
        rules=$(mktemp)
        trap 'rm -f "$response" "$rules"' EXIT
        cat > "$rules" <<'XML'
        {{CorsXml(rule)}}
        XML
        # PutBucketCors requires the body's Content-MD5 (S3 API reference). "?cors=", not "?cors": curl 7.88
        # signs the query as written, and SigV4's canonical query of a bare "cors" is "cors=" (the loopback
        # S3 of the tests refuses the signature of "?cors", as S3 does).
        md5=$(openssl dgst -md5 -binary "$rules" | base64)
        code=$(s3 PUT "?cors=" "$rules" --header "Content-MD5: $md5" --header "Content-Type: application/xml")
        if [ "$code" != 200 ]; then
          echo "setting the CORS rule of $bucket failed with HTTP $code:" >&2
          cat "$response" >&2
          exit 1
        fi
        echo "CORS rule of $bucket set"
        """, Inputs);

    /// <summary>The S3 XML of one CORS rule (S3 API reference, PutBucketCors).</summary>
    public static string CorsXml(CorsRule rule)
    {
        static IEnumerable<string> Elements(string name, IEnumerable<string> values) => values.Select(v => $"    <{name}>{SecurityElement.Escape(v)}</{name}>");
        return string.Join("\n", new[] { """<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">""", "  <CORSRule>" }
            .Concat(Elements("AllowedOrigin", rule.AllowedOrigins)).Concat(Elements("AllowedMethod", rule.AllowedMethods))
            .Concat(Elements("AllowedHeader", rule.AllowedHeaders)).Concat(Elements("ExposeHeader", rule.ExposeHeaders))
            .Concat([$"    <MaxAgeSeconds>{rule.MaxAgeSeconds}</MaxAgeSeconds>", "  </CORSRule>", "</CORSConfiguration>"]));
    }

    private static string Prologue(string endpoint, string bucket, string region) => $$"""
        endpoint={{Shell.Quote(endpoint)}}
        bucket={{Shell.Quote(bucket)}}
        region={{Shell.Quote(region)}}
        if ! curl --help all 2>/dev/null | grep -q -- '--aws-sigv4'; then
          echo "this step needs curl >= 7.75 (--aws-sigv4) on the deploy runner" >&2
          exit 1
        fi
        response=$(mktemp)
        trap 'rm -f "$response"' EXIT

        # s3 METHOD QUERY BODY-FILE [CURL-OPTION...]: one path-style request to the bucket, signed with SigV4.
        # curl reads the keys from its config on stdin (quoted: backslash and double quote escaped).
        s3() {
          local method=$1 query=$2 body=$3 sha key secret
          shift 3
          sha=$(sha256sum "$body")
          sha=${sha%% *}
          key=${HETZNER_S3_ACCESS_KEY//\\/\\\\}
          key=${key//\"/\\\"}
          secret=${HETZNER_S3_SECRET_KEY//\\/\\\\}
          secret=${secret//\"/\\\"}
          printf 'user = "%s:%s"\n' "$key" "$secret" | curl --silent --show-error --config - \
            --aws-sigv4 "aws:amz:$region:s3" --request "$method" --header "x-amz-content-sha256: $sha" "$@" \
            --data-binary "@$body" --output "$response" --write-out '%{http_code}' "$endpoint/$bucket$query"
        }
        """;
}

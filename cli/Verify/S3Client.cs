using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Platform.Cli.Verify;

/// <summary>S3 keys. <see cref="ToString"/> never shows the secret: a record's default would print it.</summary>
public sealed record S3Credentials(string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"S3Credentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = [secret] }}";
}

/// <summary>An object of a bucket listing.</summary>
public sealed record S3Object(string Key, DateTimeOffset LastModified, long Size);

/// <summary>
/// The few S3 calls the program makes from .NET (verify's backup check), path-style against any S3 endpoint (R2,
/// Ceph RGW), each signed with AWS Signature Version 4 (AWS docs, "Signature Version 4 signing process": canonical
/// request, string to sign, the derived key; the payload's SHA-256 in <c>x-amz-content-sha256</c>, which R2 and RGW
/// require). The keys are used for the signature only: they are in no URL, header value or message.
/// </summary>
public sealed class S3Client(HttpClient http, string endpoint, string region, S3Credentials credentials, TimeProvider? clock = null)
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>One signed request: <paramref name="path"/> is <c>/bucket[/key]</c>, <paramref name="query"/> name → value; the answer as text.</summary>
    public async Task<(int Status, string Body)> Send(HttpMethod method, string path, IReadOnlyDictionary<string, string>? query = null,
        byte[]? body = null, IReadOnlyDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        var (status, bytes) = await SendForBytes(method, path, query, body, headers, ct);
        return (status, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>One signed request, the answer as bytes (an object's content).</summary>
    public async Task<(int Status, byte[] Body)> SendForBytes(HttpMethod method, string path, IReadOnlyDictionary<string, string>? query = null,
        byte[]? body = null, IReadOnlyDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        body ??= [];
        var canonicalQuery = string.Join("&", (query ?? new Dictionary<string, string>())
            .Select(q => (Key: Encode(q.Key), Value: Encode(q.Value))).OrderBy(q => q.Key, StringComparer.Ordinal).ThenBy(q => q.Value, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={q.Value}"));
        var canonicalPath = string.Join("/", path.Split('/').Select(Encode));
        var uri = new Uri($"{endpoint.TrimEnd('/')}{canonicalPath}{(canonicalQuery.Length > 0 ? "?" + canonicalQuery : "")}");
        using var request = new HttpRequestMessage(method, uri);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = Hex(SHA256.HashData(body));
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            signed[name.ToLowerInvariant()] = value.Trim();
        var signedHeaders = string.Join(";", signed.Keys);
        var canonicalRequest = $"{method.Method}\n{canonicalPath}\n{canonicalQuery}\n{string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = new[] { date, region, "s3", "aws4_request" }
            .Aggregate(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));

        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        if (method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Delete)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = null;
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase))
            {
                request.Content ??= new ByteArrayContent(body);
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                else request.Content.Headers.TryAddWithoutValidation("Content-MD5", value);
            }
            else
                request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct));
    }

    /// <summary>Every object of <paramref name="bucket"/> under <paramref name="prefix"/> (ListObjectsV2, following continuation tokens).</summary>
    public async Task<IReadOnlyList<S3Object>> List(string bucket, string prefix, CancellationToken ct = default)
    {
        var objects = new List<S3Object>();
        string? continuation = null;
        do
        {
            var query = new Dictionary<string, string> { ["list-type"] = "2", ["prefix"] = prefix };
            if (continuation is not null) query["continuation-token"] = continuation;
            var (status, body) = await Send(HttpMethod.Get, $"/{bucket}", query, ct: ct);
            if (status != 200)
                throw new S3Exception(status, ErrorCode(body), $"ListObjectsV2 {bucket}/{prefix}: HTTP {status} {ErrorCode(body)}");
            var root = XDocument.Parse(body).Root!;
            objects.AddRange(root.Elements(S3 + "Contents").Select(c => new S3Object(
                c.Element(S3 + "Key")!.Value,
                DateTimeOffset.Parse(c.Element(S3 + "LastModified")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                long.Parse(c.Element(S3 + "Size")?.Value ?? "0", CultureInfo.InvariantCulture))));
            continuation = root.Element(S3 + "IsTruncated")?.Value == "true" ? root.Element(S3 + "NextContinuationToken")?.Value : null;
        }
        while (continuation is not null);
        return objects;
    }

    /// <summary>The <c>&lt;Code&gt;</c> of an S3 error document (SignatureDoesNotMatch, NoSuchBucket, AccessDenied…), or "".</summary>
    public static string ErrorCode(string body)
    {
        try { return XDocument.Parse(body).Root?.Element("Code")?.Value ?? ""; }
        catch (System.Xml.XmlException) { return ""; }
    }

    /// <summary>RFC 3986 unreserved characters stay, everything else is %XX (SigV4's URI encoding).</summary>
    private static string Encode(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
            text.Append(b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
                ? ((char)b).ToString() : $"%{b:X2}");
        return text.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>An S3 error answer: its status and code, never the request's keys.</summary>
public sealed class S3Exception(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

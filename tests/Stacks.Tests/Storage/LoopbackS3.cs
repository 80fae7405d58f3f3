using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Platform.Stacks.Tests.Storage;

/// <summary>
/// Kept for what the real Ceph RGW of the tests (<see cref="CephRgw"/>) cannot show: S3's answer
/// <c>409 BucketAlreadyOwnedByYou</c> to an owner's second CreateBucket (RGW answers 200). An S3 endpoint on
/// loopback for the two calls the Hetzner bucket steps make:
/// it checks each request's AWS Signature V4 against the one key pair it knows (AWS SigV4 spec: canonical
/// request, string to sign, derived key), the payload hash, PutBucketCors' Content-MD5, and answers
/// CreateBucket with 200, 409 BucketAlreadyOwnedByYou or 409 BucketAlreadyExists like S3.
/// </summary>
public sealed class LoopbackS3 : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly string _region;
    private readonly Task _loop;

    public LoopbackS3(string accessKey, string secretKey, string region)
    {
        (_accessKey, _secretKey, _region) = (accessKey, secretKey, region);
        for (var attempt = 0; ; attempt++)
        {
            Port = Random.Shared.Next(20000, 60000);
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 20) { }
        }
        _loop = Task.Run(Serve);
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public ConcurrentDictionary<string, XDocument?> OwnedBuckets { get; } = new();
    public HashSet<string> OthersBuckets { get; } = [];
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var (status, code) = Handle(context.Request, body.ToArray());
            context.Response.StatusCode = status;
            var xml = code is null ? "" : $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code></Error>";
            var bytes = Encoding.UTF8.GetBytes(xml);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int Status, string? Code) Handle(HttpListenerRequest request, byte[] body)
    {
        var raw = request.RawUrl ?? "/";
        var (path, query) = raw.IndexOf('?') is var q and >= 0 ? (raw[..q], raw[(q + 1)..]) : (raw, "");
        Requests.Enqueue($"{request.HttpMethod} {raw}");
        if (Authenticate(request, path, query, body) is { } refused)
            return (403, refused);
        var bucket = path.Trim('/');
        if (request.HttpMethod != "PUT" || bucket.Length == 0 || bucket.Contains('/'))
            return (501, "NotImplemented");
        if (query == "")
        {
            if (OthersBuckets.Contains(bucket)) return (409, "BucketAlreadyExists");
            return OwnedBuckets.TryAdd(bucket, null) ? (200, null) : (409, "BucketAlreadyOwnedByYou");
        }
        if (query != "cors=" && query != "cors")
            return (501, "NotImplemented");
        if (!OwnedBuckets.ContainsKey(bucket))
            return (404, "NoSuchBucket");
        if (request.Headers["Content-MD5"] != Convert.ToBase64String(MD5.HashData(body)))
            return (400, "InvalidDigest");
        OwnedBuckets[bucket] = XDocument.Parse(Encoding.UTF8.GetString(body));
        return (200, null);
    }

    /// <summary>The AWS SigV4 check S3 makes; null when the request is signed by our key pair.</summary>
    private string? Authenticate(HttpListenerRequest request, string path, string query, byte[] body)
    {
        var authorization = request.Headers["Authorization"] ?? "";
        const string scheme = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal)) return "AccessDenied";
        var parts = authorization[scheme.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var credential = parts["Credential"].Split('/');
        if (credential is not [var key, var date, var region, "s3", "aws4_request"] || key != _accessKey) return "InvalidAccessKeyId";
        if (region != _region) return "AuthorizationHeaderMalformed";
        var signedHeaders = parts["SignedHeaders"].Split(';');
        if (!new[] { "host", "x-amz-content-sha256", "x-amz-date" }.All(signedHeaders.Contains)) return "AccessDenied";
        var payloadHash = request.Headers["x-amz-content-sha256"];
        if (payloadHash != Convert.ToHexStringLower(SHA256.HashData(body))) return "XAmzContentSHA256Mismatch";

        var canonicalQuery = string.Join("&", query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=') ? p : p + "=").Order(StringComparer.Ordinal));
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{(request.Headers[h] ?? "").Trim()}\n"));
        var canonicalRequest = $"{request.HttpMethod}\n{path}\n{canonicalQuery}\n{canonicalHeaders}\n{parts["SignedHeaders"]}\n{payloadHash}";
        var amzDate = request.Headers["x-amz-date"] ?? "";
        var scope = $"{date}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signingKey = new[] { date, region, "s3", "aws4_request" }
            .Aggregate(Encoding.UTF8.GetBytes("AWS4" + _secretKey), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(toSign)));
        return signature == parts["Signature"] && amzDate.StartsWith(date, StringComparison.Ordinal) ? null : "SignatureDoesNotMatch";
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

}

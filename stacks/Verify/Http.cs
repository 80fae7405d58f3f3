namespace Platform.Stacks.Verify;

/// <summary>The one HTTP client of a run: redirects not followed (the gateway check looks at them), no proxy, TLS judged by <see cref="Tls"/>.</summary>
internal static class Http
{
    public static HttpClient Client(VerifyOptions o) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = (context, ct) => new ValueTask<Stream>(o.ConnectTo.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct)),
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, errors) => Tls.Errors(cert, errors, o.TrustedRoots) == System.Net.Security.SslPolicyErrors.None },
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each check has its own deadline
    };

    /// <summary>An exception as one line a person can act on: the innermost cause says what really happened.</summary>
    public static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (x.Message.TrimEnd('.') is var m && !messages.Any(seen => seen.Contains(m, StringComparison.Ordinal)))
                messages.Add(m);
        return string.Join(": ", messages);
    }
}

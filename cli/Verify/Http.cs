namespace Platform.Cli.Verify;

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

    /// <summary>
    /// An exception as one line a person can act on, in the words of the network rather than of .NET (no type
    /// names, no "see inner exception"), and whether the server was reached at all: a refused connection, an
    /// unknown name or no route means it was not; a TLS handshake that failed or a broken HTTP answer means it was.
    /// </summary>
    public static (string Why, bool Reached) Describe(Exception e)
    {
        var chain = new List<Exception>();
        for (var x = e; x is not null; x = x.InnerException) chain.Add(x);
        if (chain.OfType<System.Security.Authentication.AuthenticationException>().Any())
            return ("the TLS handshake failed: the server's certificate is not trusted for this name (the certificate line says why)", true);
        if (chain.OfType<System.Net.Sockets.SocketException>().FirstOrDefault() is { } socket)
            return (socket.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "the name does not resolve (no DNS answer for it)",
                System.Net.Sockets.SocketError.TryAgain => "the name does not resolve (the resolver did not answer: is there a network?)",
                System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.HostUnreachable => "no route to the host (is there a network?)",
                System.Net.Sockets.SocketError.TimedOut => "the connection timed out",
                System.Net.Sockets.SocketError.ConnectionReset => "the connection was reset",
                var code => $"network error: {socket.Message.TrimEnd('.')} ({code})",
            }, socket.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionReset);
        if (chain.OfType<HttpRequestException>().FirstOrDefault() is { HttpRequestError: var error and not HttpRequestError.Unknown })
            return (error switch
            {
                HttpRequestError.NameResolutionError => "the name does not resolve",
                HttpRequestError.ConnectionError => "the connection failed",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                HttpRequestError.ResponseEnded => "the server closed the connection before it answered",
                HttpRequestError.InvalidResponse => "the answer is not valid HTTP",
                var other => $"the HTTP exchange failed ({other})",
            }, error is not (HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError));
        // Anything else: the messages that say something, never the ones that point at another exception.
        var messages = chain.Select(x => x.Message.TrimEnd('.'))
            .Where(m => m.Length > 0 && !m.Contains("inner exception", StringComparison.OrdinalIgnoreCase))
            .Distinct().ToList();
        return (messages.Count == 0 ? "failed with no explanation" : string.Join(": ", messages), true);
    }
}

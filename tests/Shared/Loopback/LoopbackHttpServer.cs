using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Platform.Tests.Loopback;

public sealed record HttpRequestLine(string Method, string Path, string Host, IReadOnlyDictionary<string, string> Headers);

public sealed record HttpReply(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body = "")
{
    public static HttpReply Ok(string body = "ok") => new(200, [], body);
}

/// <summary>
/// A minimal HTTP/1.1 server on a free loopback port, with TLS (SslStream) when given a certificate: one
/// request per connection, answered by the test's handler. Small on purpose: the checks need real sockets
/// and real TLS handshakes, not a web framework (no ASP.NET test host here).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _certificate;
    private readonly Func<HttpRequestLine, HttpReply> _handler;
    private readonly Task _loop;

    private readonly TimeSpan _roundTrip;

    /// <param name="roundTrip">held before the handshake and before the answer: the network's round trips (benchmark only)</param>
    public LoopbackHttpServer(Func<HttpRequestLine, HttpReply> handler, X509Certificate2? certificate = null, TimeSpan roundTrip = default)
    {
        _handler = handler;
        _certificate = certificate;
        _roundTrip = roundTrip;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many requests it has answered (the tests check that a check really asked).</summary>
    public int Requests => _requests;
    private int _requests;

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (_roundTrip > TimeSpan.Zero)
                await Task.Delay(_roundTrip, _stop.Token);
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                stream = tls;
            }
            var request = await ReadRequest(stream);
            if (request is null) return;
            Interlocked.Increment(ref _requests);
            if (_roundTrip > TimeSpan.Zero)
                await Task.Delay(_roundTrip, _stop.Token);
            var reply = _handler(request);
            var body = Encoding.UTF8.GetBytes(reply.Body);
            var head = new StringBuilder($"HTTP/1.1 {reply.Status} {(HttpStatusCode)reply.Status}\r\n");
            foreach (var (name, value) in reply.Headers)
                head.Append($"{name}: {value}\r\n");
            head.Append($"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
        catch (Exception)
        {
            // A client that gave up (a certificate check closes after the handshake) is not the server's problem.
        }
    }

    private static async Task<HttpRequestLine?> ReadRequest(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0 || buffer.Count > 64 * 1024) return null;
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new HttpRequestLine(first[0], first[1], headers.GetValueOrDefault("Host", "").Split(':')[0], headers);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

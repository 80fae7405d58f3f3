using System.Net.Sockets;

namespace Platform.Cli.Verify;

/// <summary>
/// curl's <c>--connect-to HOST:PORT:ADDRESS:PORT</c>: requests for HOST:PORT go to ADDRESS:PORT, while TLS (SNI,
/// certificate name) and HTTP (Host) still use HOST. Lets an operator check a new server before the DNS
/// cutover, and the tests point every check at servers on loopback without touching the internet.
/// </summary>
public sealed class ConnectTo
{
    public static readonly ConnectTo None = new([]);

    private readonly IReadOnlyDictionary<(string Host, int Port), (string Host, int Port)> _map;

    public ConnectTo(IEnumerable<((string Host, int Port) From, (string Host, int Port) To)> entries) =>
        _map = entries.ToDictionary(e => (e.From.Host.ToLowerInvariant(), e.From.Port), e => e.To);

    /// <summary>Parses <c>HOST:PORT:ADDRESS:PORT</c> (an IPv6 address in brackets).</summary>
    public static ((string, int), (string, int)) Parse(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, @"^([^:\[\]]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(\d{1,5})$");
        if (!m.Success || !int.TryParse(m.Groups[2].Value, out var p1) || !int.TryParse(m.Groups[4].Value, out var p2) || p1 is < 1 or > 65535 || p2 is < 1 or > 65535)
            throw new FormatException($"'{text}' is not HOST:PORT:ADDRESS:PORT (for example apis.example.com:443:127.0.0.1:8443).");
        return ((m.Groups[1].Value, p1), (m.Groups[3].Value.Trim('[', ']'), p2));
    }

    public (string Host, int Port) Resolve(string host, int port) =>
        _map.TryGetValue((host.ToLowerInvariant(), port), out var to) ? to : (host, port);

    /// <summary>Opens a TCP connection to where <paramref name="host"/>:<paramref name="port"/> goes.</summary>
    public async Task<Stream> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var (h, p) = Resolve(host, port);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(h, p, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

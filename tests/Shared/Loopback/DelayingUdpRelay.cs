using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Loopback;

/// <summary>
/// A UDP relay on loopback that holds every query for a fixed time before passing it to the server
/// behind it: the network round trip a real nameserver has and loopback has not. Used by the benchmark
/// only, so that "concurrent vs one after the other" measures what it would on a network.
/// </summary>
public sealed class DelayingUdpRelay : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();

    public DelayingUdpRelay(IPEndPoint upstream, TimeSpan delay)
    {
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult query;
                try { query = await _socket.ReceiveAsync(_stop.Token); }
                catch (Exception) { return; }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(delay, _stop.Token);
                        using var forward = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
                        await forward.SendAsync(query.Buffer, upstream, _stop.Token);
                        var answer = await forward.ReceiveAsync(_stop.Token);
                        await _socket.SendAsync(answer.Buffer, query.RemoteEndPoint, _stop.Token);
                    }
                    catch (Exception)
                    {
                        // A query lost here is what a lossy network does: the client retries or times out.
                    }
                });
            }
        });
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}

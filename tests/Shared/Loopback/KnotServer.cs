using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Loopback;

/// <summary>
/// Knot DNS (Debian's <c>knot</c>, listed in .ci/apt-packages) serving one zone authoritatively on a free
/// loopback port, from a zone file the test writes. A real authoritative server: real wire format, real
/// NOERROR/NXDOMAIN, real CNAME rules — what the DNS check meets at Cloudflare's nameservers.
/// </summary>
public sealed class KnotServer : IDisposable
{
    public const string Binary = "/usr/sbin/knotd";
    private readonly string _dir = Directory.CreateTempSubdirectory("verify-knot-").FullName;
    private readonly Process _process;

    /// <summary>Why the tests that need Knot cannot run here, or null when they can.</summary>
    public static string? Missing => File.Exists(Binary) ? null : $"{Binary} is missing: apt-get install knot (listed in .ci/apt-packages)";

    public KnotServer(string zone, IEnumerable<string> records)
    {
        File.WriteAllText(Path.Combine(_dir, $"{zone}.zone"), $"""
            $ORIGIN {zone}.
            $TTL 300
            @ SOA ns1.{zone}. hostmaster.{zone}. 1 7200 3600 1209600 300
            @ NS ns1.{zone}.
            {string.Join("\n", records)}

            """);
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            File.WriteAllText(Path.Combine(_dir, "knot.conf"), $"""
                server:
                    rundir: "{_dir}"
                    listen: 127.0.0.1@{Port}
                database:
                    storage: "{_dir}/db"
                log:
                  - target: stderr
                    any: warning
                template:
                  - id: default
                    storage: "{_dir}"
                    file: "%s.zone"
                    zonefile-sync: -1
                    journal-content: none
                zone:
                  - domain: {zone}
                """);
            _process = Process.Start(new ProcessStartInfo(Binary) { ArgumentList = { "-c", Path.Combine(_dir, "knot.conf") }, RedirectStandardError = true, RedirectStandardOutput = true })!;
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
            if (WaitUntilServing(zone))
                return;
            Stop();
            if (attempt == 2)
                throw new InvalidOperationException($"knotd did not serve {zone} on 127.0.0.1:{Port}:\n{string.Join("\n", _log)}");
        }
    }

    private readonly List<string> _log = [];

    public int Port { get; private set; }
    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    /// <summary>Waits for the zone's SOA over UDP (knotd loads zones after it starts listening).</summary>
    private bool WaitUntilServing(string zone)
    {
        var client = new DnsClient.LookupClient(new DnsClient.LookupClientOptions(Endpoint) { UseCache = false, Timeout = TimeSpan.FromMilliseconds(200), Retries = 0, ThrowDnsErrors = false });
        // A start-up guard, far beyond what a busy machine takes: knotd answers within a second when idle.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !_process.HasExited; Thread.Sleep(50))
        {
            try
            {
                var r = client.Query(zone, DnsClient.QueryType.SOA);
                if (r.Header.HasAuthorityAnswer && r.Answers.Count > 0) return true;
            }
            catch (DnsClient.DnsResponseException) { }
        }
        return false;
    }

    private static int FreePort()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        return ((IPEndPoint)tcp.LocalEndpoint).Port;
    }

    private void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Platform.Tests.Loopback;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Storage;

/// <summary>
/// A real Ceph RADOS Gateway, Debian's (bookworm: 16.2.15; .ci/apt-packages lists ceph-mon, ceph-osd, radosgw):
/// what Hetzner Object Storage runs. One monitor, one OSD on the in-memory objectstore (memstore), pools of size 1,
/// no manager (RGW needs none), every daemon on 127.0.0.1 at ports free when it starts, in a folder of its own.
/// Started once per test run (<see cref="Shared"/>, ~15 s on 2 cores) and shared: each test makes its own S3 users
/// (<see cref="CreateUser"/>) and buckets. Facts this relies on: <c>ceph-osd --mkfs</c> needs <c>--no-mon-config</c>;
/// memstore keeps data across a restart only with <c>osd_fast_shutdown = false</c>; <c>rgw_lc_debug_interval</c>
/// (16.2: "the number of seconds that simulate one day" for lifecycle, <c>ceph config help</c>) makes expiry testable.
/// Readiness is polled, never assumed, under a generous deadline; a cluster that cannot start says why, with its logs.
/// As root the daemons live in a PID namespace of their own, so that nothing outlives the test run.
/// </summary>
public sealed class CephRgw : IDisposable
{
    /// <summary>Seconds RGW's lifecycle takes for one day: an object of a 2-day rule expires after about 2 × this.</summary>
    public const int LifecycleDaySeconds = 4;

    private static readonly string[] Binaries = ["/usr/bin/ceph-mon", "/usr/bin/ceph-osd", "/usr/bin/radosgw", "/usr/bin/radosgw-admin", "/usr/bin/ceph"];
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(5);
    private static readonly Lazy<CephRgw> Instance = new(() => new CephRgw(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why Ceph cannot run here (a binary missing), or null when it can.</summary>
    public static string? Missing => Binaries.FirstOrDefault(b => !File.Exists(b)) is { } missing
        ? $"{missing} is missing: apt-get install ceph-mon ceph-osd radosgw (listed in .ci/apt-packages)"
        : null;

    /// <summary>The one cluster of this test run, started by the first test that needs it.</summary>
    public static CephRgw Shared => Instance.Value;

    private readonly string _dir = Directory.CreateTempSubdirectory("ceph-rgw-").FullName;
    private readonly TestCertificates _certificates;
    private Process? _holder;
    private readonly List<string> _daemonOutput = [];

    /// <summary>Plain HTTP, path-style: what the scripts sign requests for.</summary>
    public string Endpoint => $"http://127.0.0.1:{HttpPort}";
    public int HttpPort { get; private set; }

    /// <summary>HTTPS with a certificate of the test CA for <see cref="TlsNames"/>: what verify connects to.</summary>
    public int HttpsPort { get; private set; }
    public static readonly string[] TlsNames = ["*.your-objectstorage.com", "*.r2.cloudflarestorage.com", "*.eu.r2.cloudflarestorage.com"];
    public X509Certificate2Collection TrustedRoots => _certificates.Roots;

    private CephRgw()
    {
        if (Missing is { } reason) throw new InvalidOperationException(reason);
        RemoveAbandoned();
        File.WriteAllText(Path.Combine(_dir, OwnerFile), Environment.ProcessId.ToString());
        _certificates = new TestCertificates(TlsNames);
        File.WriteAllText(Path.Combine(_dir, "rgw.crt"), _certificates.Valid.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "rgw.key"), _certificates.Valid.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Start();
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
                    return;
                }
                catch (PortTakenException) when (attempt < 3)
                {
                    // Another process took a port between our choice and the daemon's bind: new ports.
                    Stop();
                }
            }
        }
        catch
        {
            // The message carries the logs' last lines: nothing is left behind.
            Dispose();
            throw;
        }
    }

    private string Conf => Path.Combine(_dir, "ceph.conf");

    /// <summary>The test process a cluster's folder belongs to: a folder whose process is gone was left by a killed run.</summary>
    private const string OwnerFile = "owner.pid";

    /// <summary>Folders of clusters whose test run was killed before it could remove them (other runs' live ones stay).</summary>
    private static void RemoveAbandoned()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "ceph-rgw-*"))
        {
            var owner = Path.Combine(dir, OwnerFile);
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) && !Directory.Exists($"/proc/{pid}"))
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void Start()
    {
        foreach (var sub in new[] { "mon", "osd", "run", "log" })
        {
            if (Directory.Exists(Path.Combine(_dir, sub))) Directory.Delete(Path.Combine(_dir, sub), recursive: true);
            Directory.CreateDirectory(Path.Combine(_dir, sub));
        }
        var monPort = FreePort();
        HttpPort = FreePort();
        HttpsPort = FreePort();
        var fsid = Guid.NewGuid();
        File.WriteAllText(Conf, $"""
            [global]
            fsid = {fsid}
            mon host = v2:127.0.0.1:{monPort}
            public addr = 127.0.0.1
            ms bind msgr1 = false
            auth allow insecure global id reclaim = false
            osd pool default size = 1
            osd pool default min size = 1
            osd pool default pg num = 8
            osd pool default pgp num = 8
            osd pool default pg autoscale mode = off
            osd crush chooseleaf type = 0
            mon allow pool size one = true
            mon warn on pool no redundancy = false
            mon max pg per osd = 1000
            osd objectstore = memstore
            memstore device bytes = 1073741824
            osd fast shutdown = false
            run dir = {_dir}/run
            admin socket = {_dir}/run/$name.asok
            log file = {_dir}/log/$name.log
            pid file = {_dir}/run/$name.pid
            mon data = {_dir}/mon
            osd data = {_dir}/osd
            keyring = {_dir}/keyring
            rgw frontends = beast endpoint=127.0.0.1:{HttpPort} ssl_endpoint=127.0.0.1:{HttpsPort} ssl_certificate={_dir}/rgw.crt ssl_private_key={_dir}/rgw.key
            rgw lc debug interval = {LifecycleDaySeconds}

            """);
        var keyring = Path.Combine(_dir, "keyring");
        if (File.Exists(keyring)) File.Delete(keyring);
        Tool("ceph-authtool", "--create-keyring", keyring, "--gen-key", "-n", "mon.", "--cap", "mon", "allow *");
        Tool("ceph-authtool", keyring, "--gen-key", "-n", "client.admin", "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mgr", "allow *");
        Tool("ceph-authtool", keyring, "--gen-key", "-n", "osd.0", "--cap", "mon", "allow profile osd", "--cap", "osd", "allow *");
        Tool("ceph-authtool", keyring, "--gen-key", "-n", "client.rgw", "--cap", "mon", "allow rw", "--cap", "osd", "allow rwx");
        Tool("monmaptool", "--create", "--addv", "a", $"[v2:127.0.0.1:{monPort}]", "--fsid", fsid.ToString(), Path.Combine(_dir, "monmap"));
        Tool("ceph-mon", "-c", Conf, "--mkfs", "-i", "a", "--monmap", Path.Combine(_dir, "monmap"), "--keyring", keyring);

        StartHolder();
        var deadline = Stopwatch.StartNew();
        Daemon("ceph-mon", "-i", "a");
        Until(deadline, "the monitor answers", () => Ceph(TimeSpan.FromSeconds(10), "mon", "stat").ExitCode == 0, "mon.a", monPort);
        if (Ceph(TimeSpan.FromMinutes(1), "osd", "create") is { ExitCode: not 0 } create)
            throw Failure($"ceph osd create failed: {create.Stderr}");
        Tool("ceph-osd", "-c", Conf, "-i", "0", "--mkfs", "--no-mon-config");
        Daemon("ceph-osd", "-i", "0");
        Until(deadline, "the OSD is up", () => Ceph(TimeSpan.FromSeconds(10), "osd", "stat").Stdout.Contains("1 up"), "osd.0", null);
        Daemon("radosgw", "-n", "client.rgw");
        Until(deadline, "RGW answers HTTP and HTTPS", () => Answers(HttpPort, tls: false) && Answers(HttpsPort, tls: true), "client.rgw", HttpPort);
    }

    /// <summary>A user of its own for a test: an S3 account with fresh keys (another user is "another account").</summary>
    public S3User CreateUser(string name)
    {
        var user = new S3User($"{name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            "AK" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)),
            // A secret with characters a careless escaping breaks: slash, plus, equals.
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(27)).Replace('A', '/'));
        Admin("user", "create", "--uid", user.Uid, "--display-name", user.Uid, "--access-key", user.AccessKey, "--secret-key", user.SecretKey);
        return user;
    }

    /// <summary>
    /// Read-only keys of <paramref name="owner"/>'s buckets: a subuser with read access (radosgw-admin subuser create
    /// --access=read), as an R2 token with Object Read only is to its bucket.
    /// </summary>
    public S3User ReadOnly(S3User owner)
    {
        var reader = new S3User($"{owner.Uid}:reader", "AK" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(27)));
        Admin("subuser", "create", "--uid", owner.Uid, "--subuser", reader.Uid, "--access=read", "--key-type=s3",
            "--access-key", reader.AccessKey, "--secret-key", reader.SecretKey);
        return reader;
    }

    /// <summary>radosgw-admin, as the cluster's admin; fails the test with its message when it fails.</summary>
    public string Admin(params string[] args)
    {
        var run = Run("radosgw-admin", TimeSpan.FromMinutes(2), ["-c", Conf, .. args]);
        Assert.True(run.ExitCode == 0, $"radosgw-admin {string.Join(' ', args)}: {run.Stderr}");
        return run.Stdout;
    }

    /// <summary>Where a check that names <paramref name="host"/>:443 connects to reach this RGW's HTTPS port.</summary>
    public ((string, int), (string, int)) ConnectTo(string host) => ((host, 443), ("127.0.0.1", HttpsPort));

    private void StartHolder()
    {
        if (!IsRoot()) return;
        // The namespace's first process holds it until our stdin closes (Dispose, or this process dying); then the
        // kernel ends every daemon in it.
        // A /proc of its own (--mount-proc): RGW names its threads through /proc/self/task/<tid>/comm, which must show
        // the namespace's ids, or it aborts (rgw::notify::Manager asserts ceph_pthread_setname succeeded).
        _holder = Process.Start(new ProcessStartInfo("unshare", ["--pid", "--fork", "--kill-child", "--mount-proc", "bash", "-c", "echo started; read -r _ || true"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        if (_holder.StandardOutput.ReadLine() != "started") throw Failure($"the PID namespace did not start: {_holder.StandardError.ReadToEnd()}");
    }

    private readonly List<Process> _daemons = [];

    private void Daemon(string name, params string[] args)
    {
        string[] command = [name, "-f", "-c", Conf, .. args];
        // unshare's own PID namespace is the old one, the one it made is its pid_for_children (namespaces(7)); its
        // mount namespace is the new one, where the namespace's /proc is mounted.
        var info = _holder is { } holder
            ? new ProcessStartInfo("nsenter", [$"--pid=/proc/{holder.Id}/ns/pid_for_children", $"--mount=/proc/{holder.Id}/ns/mnt", "--", .. command])
            : new ProcessStartInfo(command[0], command[1..]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info)!;
        void Keep(string? line) { if (line is not null) lock (_daemonOutput) _daemonOutput.Add($"{name}: {line}"); }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
    }

    private void Until(Stopwatch deadline, string what, Func<bool> ready, string daemon, int? port)
    {
        while (!ready())
        {
            if (_daemons.FirstOrDefault(d => d.HasExited) is { } exited)
            {
                var log = Tail(daemon);
                if (port is { } p && (log + string.Join("\n", DaemonOutput)).Contains("Address already in use"))
                    throw new PortTakenException($"{daemon} could not bind 127.0.0.1:{p}");
                throw Failure($"{daemon} exited ({exited.ExitCode}) before {what}");
            }
            if (deadline.Elapsed > StartDeadline)
                throw Failure($"not ready after {StartDeadline.TotalMinutes:0} minutes: waiting until {what}");
            Thread.Sleep(250);
        }
    }

    private static bool Answers(int port, bool tls)
    {
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            }) { Timeout = TimeSpan.FromSeconds(5) };
            using var response = http.GetAsync($"{(tls ? "https" : "http")}://127.0.0.1:{port}/").GetAwaiter().GetResult();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    private ChildProcess.Result Ceph(TimeSpan timeout, params string[] args) =>
        Run("ceph", timeout + TimeSpan.FromSeconds(5), ["-c", Conf, "--connect-timeout", ((int)timeout.TotalSeconds).ToString(), .. args]);

    private void Tool(string name, params string[] args)
    {
        var run = Run(name, TimeSpan.FromMinutes(2), args);
        if (run.ExitCode != 0) throw Failure($"{name} {string.Join(' ', args)} failed: {run.Stderr}{run.Stdout}");
    }

    private static ChildProcess.Result Run(string name, TimeSpan timeout, string[] args) =>
        ChildProcess.Run(new ProcessStartInfo(name, args), "", timeout);

    /// <summary>
    /// `ceph --version` of the packages installed here, named in every failure: the facts this fixture relies on were
    /// found on Debian's 16.2.15, and GitHub's ubuntu-24.04 runner installs Ubuntu noble's 19.2 (review B1).
    /// </summary>
    public static string Version => _version.Value;
    private static readonly Lazy<string> _version = new(() =>
    {
        try
        {
            var run = Run("ceph", TimeSpan.FromMinutes(1), ["--version"]);
            return run.ExitCode == 0 ? run.Stdout.Trim() : $"ceph --version failed: {run.Stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e) { return $"ceph --version could not run: {e.Message}"; }
    });

    private Exception Failure(string message) =>
        new InvalidOperationException($"Ceph RGW on 127.0.0.1 could not start ({_dir}; {Version}): {message}\n" +
            string.Join("\n", new[] { "mon.a", "osd.0", "client.rgw" }.Select(d => $"--- {d}.log (last lines)\n{Tail(d)}")) +
            $"\n--- the daemons' own output\n{string.Join("\n", DaemonOutput.TakeLast(20))}");

    private List<string> DaemonOutput { get { lock (_daemonOutput) return [.. _daemonOutput]; } }

    private string Tail(string daemon)
    {
        var path = Path.Combine(_dir, "log", $"{daemon}.log");
        return File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(15)) : "(no log)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() =>
        File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:") && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    private void Stop()
    {
        var namespaced = _holder is not null;
        if (_holder is { } holder)
        {
            try { holder.StandardInput.Close(); } catch (IOException) { }
            if (!holder.WaitForExit(TimeSpan.FromSeconds(10))) holder.Kill(entireProcessTree: true);
            holder.Dispose();
            _holder = null;
        }
        // Without the namespace the daemons end with it; wait for each, so that none writes while its folder goes.
        foreach (var daemon in _daemons)
        {
            try
            {
                if (!namespaced || !daemon.WaitForExit(TimeSpan.FromSeconds(10))) daemon.Kill(entireProcessTree: true);
                daemon.WaitForExit();
            }
            catch (InvalidOperationException) { }
            daemon.Dispose();
        }
        _daemons.Clear();
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Stop();
        _certificates.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class PortTakenException(string message) : Exception(message);
}

/// <summary>An S3 account (or a subuser's keys) on the test's RGW.</summary>
public sealed record S3User(string Uid, string AccessKey, string SecretKey);

/// <summary>A test that needs Ceph RGW: skipped, with the reason, where its Debian packages are missing (CI installs them).</summary>
public sealed class CephFactAttribute : FactAttribute
{
    public CephFactAttribute()
    {
        if (CephRgw.Missing is { } reason) Skip = reason;
    }
}

/// <summary>A theory that needs Ceph RGW: skipped, with the reason, where its Debian packages are missing.</summary>
public sealed class CephTheoryAttribute : TheoryAttribute
{
    public CephTheoryAttribute()
    {
        if (CephRgw.Missing is { } reason) Skip = reason;
    }
}

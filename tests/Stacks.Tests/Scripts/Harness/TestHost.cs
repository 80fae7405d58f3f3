using System.Diagnostics;
using Platform.Tests.Shared;
using System.Text;

namespace Platform.Stacks.Tests.Scripts.Harness;

/// <summary>
/// A throwaway host for running a generated script as sshd would: <c>bash -c SCRIPT</c> with the inputs on
/// stdin, inside a mount and network namespace of its own that lives as long as this object, so a second
/// run sees what the first left behind. The system folders a script may write (<see cref="Writable"/>) are
/// overlays whose changes live in a tmpfs of the namespace: the test machine's own files never change.
/// Commands the machine cannot run for real are <see cref="Fake"/>s on PATH, recording every call.
/// </summary>
/// <remarks>See tests/README.md, "Running a generated script".</remarks>
public sealed class TestHost : IDisposable
{
    /// <summary>Folders a script may change; each is an overlay on the machine's own.</summary>
    public static readonly string[] Writable = ["/etc", "/usr/local", "/var", "/opt", "/root", "/run", "/srv"];

    /// <summary>The PATH sshd gives a root session on Debian/Ubuntu, behind the fakes.</summary>
    private const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Why this machine cannot run hosts (not root, no namespaces), or null when it can.</summary>
    public static string? CannotIsolate { get; } = Probe();

    private readonly string _dir;
    private readonly Process _holder;
    private readonly HashSet<string> _fakes = [];
    private readonly List<Process> _forwardersOutside = [];
    private readonly List<int> _forwardersInside = [];

    /// <param name="name">Names the temp folder, for a reader of a leftover one.</param>
    public TestHost(string name = "host")
    {
        if (CannotIsolate is { } reason) throw new InvalidOperationException($"cannot create a test host: {reason}");
        _dir = Directory.CreateTempSubdirectory($"platform-{name}-").FullName;
        foreach (var sub in new[] { "bin", "tmp", "fail" }) Directory.CreateDirectory(Path.Combine(_dir, sub));
        File.WriteAllText(CallLog, "");

        // The holder sets the namespace up, prints its pid and waits for its stdin to close (Dispose, or this
        // process dying: a crashed test run leaves no namespace behind); runs join it with nsenter.
        var setup = new StringBuilder("set -e\nmount -t tmpfs platform-host \"$1/state\"\n");
        foreach (var w in Writable.Where(Directory.Exists))
            setup.Append($"mkdir -p \"$1/state/upper{w}\" \"$1/state/work{w}\"\n" +
                         $"mount -t overlay overlay -o \"lowerdir={w},upperdir=$1/state/upper{w},workdir=$1/state/work{w}\" {w}\n");
        setup.Append("ip link set lo up\necho \"$$\"\nread -r _ || true\n");
        Directory.CreateDirectory(Path.Combine(_dir, "state"));
        var info = new ProcessStartInfo("unshare", ["--mount", "--net", "--propagation", "private", "--fork", "--kill-child",
            "bash", "-c", setup.ToString(), "holder", _dir])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        _holder = Process.Start(info)!;
        var line = _holder.StandardOutput.ReadLine();
        if (!int.TryParse(line, out var pid))
            throw new InvalidOperationException($"the test host did not start: {_holder.StandardError.ReadToEnd()}");
        Pid = pid;
    }

    /// <summary>The pid inside the namespaces; <c>/proc/PID/root</c> shows the host's files.</summary>
    public int Pid { get; }

    private string CallLog => Path.Combine(_dir, "calls.log");

    /// <summary>Installs a recording fake on PATH (ahead of the real command, if any).</summary>
    public TestHost Fake(Fake fake)
    {
        File.WriteAllText(Path.Combine(_dir, "bin", fake.Name), fake.Script(CallLog, Path.Combine(_dir, "fail")));
        if (!OperatingSystem.IsWindows()) // hosts exist only on Linux; the guard is for the platform analyzer
            File.SetUnixFileMode(Path.Combine(_dir, "bin", fake.Name), (UnixFileMode)Convert.ToInt32("755", 8));
        _fakes.Add(fake.Name);
        return this;
    }

    /// <summary>Makes the next call of a fake whose arguments start with <paramref name="argumentsPrefix"/> fail (once).</summary>
    public TestHost FailNext(string fake, string argumentsPrefix = "")
    {
        if (!_fakes.Contains(fake)) throw new ArgumentException($"{fake} is not a fake of this host");
        File.WriteAllText(Path.Combine(_dir, "fail", fake), argumentsPrefix);
        return this;
    }

    /// <summary>Prepares the host (as root, real tools only, no fakes): an interface, a file. Fails the test on error.</summary>
    public TestHost Given(string bash)
    {
        var run = Exec(bash, "", withFakes: false);
        Assert.True(run.ExitCode == 0, $"host setup failed: {bash}\n{run.Stderr}");
        return this;
    }

    /// <summary>Runs a script as sshd runs a remote command (<c>bash -c</c>), its inputs encoded on stdin.</summary>
    public ScriptRun Run(string script, IEnumerable<KeyValuePair<string, string>>? inputs = null) =>
        Exec(script, Stacks.Plan.ScriptInputs.Encode(inputs ?? []), withFakes: true);

    /// <summary>
    /// Makes a server of the test machine at 127.0.0.1:<paramref name="port"/> (Ceph RGW) answer at the same address
    /// inside the host, whose network namespace has only its own loopback: socat outside listens on a Unix socket
    /// and connects to the server, socat inside listens on the port and connects to the socket.
    /// </summary>
    public TestHost Forward(int port)
    {
        var socket = Path.Combine(_dir, $"forward-{port}.sock");
        var outside = Process.Start(new ProcessStartInfo("socat", [$"UNIX-LISTEN:{socket},fork,mode=600", $"TCP:127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        _forwardersOutside.Add(outside);
        for (var i = 0; !File.Exists(socket); i++)
        {
            if (outside.HasExited) throw new InvalidOperationException($"socat for port {port} exited: {outside.StandardError.ReadToEnd()}");
            Thread.Sleep(50);
        }
        _forwardersInside.Add(int.Parse(Output(
            $"setsid socat TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:{socket} </dev/null >/dev/null 2>&1 &\necho $!").Trim()));
        Given($"for _ in $(seq 1 600); do (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null && exit 0; sleep 0.1; done; exit 1");
        return this;
    }

    /// <summary>A file as the host sees it, or null when absent.</summary>
    public string? Read(string path) => File.Exists(HostPath(path)) ? File.ReadAllText(HostPath(path)) : null;

    public bool Exists(string path) => Path.Exists(HostPath(path));

    /// <summary>The test machine's path to a file of the host.</summary>
    public string HostPath(string path) => $"/proc/{Pid}/root{path}";

    /// <summary>What the host holds now: the files scripts changed and the network state.</summary>
    public Snapshot Snapshot() => Harness.Snapshot.Of(this, $"{_dir}/state/upper");

    /// <summary>Runs a command in the host, no fakes, for its output (the snapshot's network state).</summary>
    internal string Output(string bash)
    {
        var run = Exec(bash, "", withFakes: false);
        Assert.True(run.ExitCode == 0, $"{bash}: {run.Stderr}");
        return run.Stdout;
    }

    private ScriptRun Exec(string script, string stdin, bool withFakes)
    {
        var calls = File.ReadAllLines(CallLog).Length;
        var path = withFakes ? $"{_dir}/bin:{SystemPath}" : SystemPath;
        var info = new ProcessStartInfo("nsenter", ["--target", Pid.ToString(), "--mount", "--net", "--",
            "env", "-i", $"PATH={path}", "HOME=/root", "USER=root", "LOGNAME=root", "SHELL=/bin/bash", "LANG=C.UTF-8",
            $"TMPDIR={_dir}/tmp", "bash", "-c", script]);
        var run = ChildProcess.Run(info, stdin);
        return new ScriptRun(run.ExitCode, run.Stdout, run.Stderr, File.ReadAllLines(CallLog).Skip(calls).ToList());
    }

    public void Dispose()
    {
        foreach (var pid in _forwardersInside)
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(); p.WaitForExit(); }
            catch (ArgumentException) { /* already gone */ }
        }
        foreach (var p in _forwardersOutside)
        {
            try { if (!p.HasExited) p.Kill(); p.WaitForExit(); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        _holder.StandardInput.Close();
        if (!_holder.WaitForExit(TimeSpan.FromSeconds(10))) _holder.Kill(entireProcessTree: true);
        _holder.WaitForExit();
        _holder.Dispose();
        // The tmpfs and overlays went with the namespace; what remains on disk is the fakes and their log.
        Directory.Delete(_dir, recursive: true);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "script hosts need Linux namespaces";
        if (!IsRoot())
            return "not root: creating mount and network namespaces needs root (CI runs as root; run the tests with sudo to include these)";
        try
        {
            using var p = Process.Start(new ProcessStartInfo("unshare", ["--mount", "--net", "--fork", "true"]) { RedirectStandardError = true })!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"unshare --mount --net failed here: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unshare (util-linux) is not installed";
        }
    }

    private static bool IsRoot() => File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:") && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}

/// <summary>One run of a script: its exit code, its output and the fakes it called (<c>name arg…</c>, quoted as bash would).</summary>
public sealed record ScriptRun(int ExitCode, string Stdout, string Stderr, IReadOnlyList<string> Calls)
{
    public IEnumerable<string> CallsOf(string fake) => Calls.Where(c => c == fake || c.StartsWith(fake + " "));

    public ScriptRun Succeeded()
    {
        Assert.True(ExitCode == 0, $"the script exited {ExitCode}:\n{Stderr}\nstdout:\n{Stdout}\ncalls:\n{string.Join("\n", Calls)}");
        return this;
    }
}

namespace Platform.Tests.Loopback;

/// <summary>
/// A labelled FAKE <c>ssh</c> (no sshd runs here): it reaches no host, records its arguments, and prints
/// the Vault health JSON the test gives it, or fails, or hangs. Enough to test what the Vault check sends
/// and how it reads Vault's answer; the JSON bodies are the shapes Vault's /v1/sys/health documents.
/// </summary>
public sealed class FakeSsh : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verify-fake-ssh-").FullName;

    public const string Unsealed = """{"initialized":true,"sealed":false,"standby":false,"performance_standby":false,"replication_performance_mode":"disabled","replication_dr_mode":"disabled","server_time_utc":1764633600,"version":"1.18.3","cluster_name":"vault-cluster-1","cluster_id":"0b0c3f2e"}""";
    public const string Sealed = """{"initialized":true,"sealed":true,"standby":true,"performance_standby":false,"replication_performance_mode":"unknown","replication_dr_mode":"unknown","server_time_utc":1764633600,"version":"1.18.3"}""";
    public const string Uninitialized = """{"initialized":false,"sealed":true,"standby":true,"performance_standby":false,"server_time_utc":1764633600,"version":"1.18.3"}""";

    public FakeSsh(string stdout, int exitCode = 0, string stderr = "", bool hang = false, bool unreachable = false)
    {
        File.WriteAllText(Path.Combine(_dir, "stdout"), stdout);
        File.WriteAllText(Path.Combine(_dir, "stderr"), stderr);
        Program = Path.Combine(_dir, "ssh");
        File.WriteAllText(Program, $"""
            #!/bin/sh
            # FAKE ssh for the verify tests: reaches no host.
            dir=$(dirname "$0")
            printf '%s\n' "$@" > "$dir/args"
            {(hang ? "exec sleep 300" : "")}
            {(unreachable ? UnreachableHost : "")}
            cat "$dir/stdout"
            cat "$dir/stderr" >&2
            exit {exitCode}

            """);
        if (!OperatingSystem.IsWindows()) // a shell script: these tests run where /bin/sh does
            File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        KeyFile = Path.Combine(_dir, "id_test");
        File.WriteAllText(KeyFile, "not a key: the fake ssh never reads it\n");
    }

    /// <summary>What ssh does when the host never answers: waits its ConnectTimeout, then says so and exits 255.</summary>
    private const string UnreachableHost = """
        for a in "$@"; do case $a in ConnectTimeout=*) sleep "${a#ConnectTimeout=}" ;; esac; done
        echo "ssh: connect to host $(grep -A2 '^-l$' "$dir/args" | tail -n 1) port 22: Connection timed out" >&2
        exit 255
        """;

    public string Program { get; }
    public string KeyFile { get; }

    /// <summary>The arguments the check passed, one per line as the fake recorded them.</summary>
    public IReadOnlyList<string> Arguments =>
        File.Exists(Path.Combine(_dir, "args")) ? File.ReadAllLines(Path.Combine(_dir, "args")) : [];

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

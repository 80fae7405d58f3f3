using System.Diagnostics;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// The Vault host as the scripts see it: a scratch root for their files (the target's Root), real bash,
/// curl, jq and openssl, and labelled recording FAKES on PATH for what a test cannot run: systemctl,
/// apt-get, apt-mark, dpkg-query, chown, cloud-init, gpg. The fakes model only what the scripts rely on
/// (apt refuses to change a held package without --allow-change-held-packages, apt-get(8); systemctl
/// is-active answers from the units the fake started). Every external program the scripts start is also
/// wrapped to record its argument list, so tests can prove no secret was ever on a command line.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FakeHost : IDisposable
{
    private static readonly string[] Recorded =
        ["curl", "jq", "openssl", "cat", "cp", "mv", "cmp", "grep", "rm", "chmod", "mkdir", "mktemp", "basename", "dirname", "sed", "seq", "base64", "id", "sleep"];

    public string Root { get; } = Directory.CreateTempSubdirectory("vault-host-").FullName;
    private string Bin => Path.Combine(Root, ".fake-bin");
    private string State => Path.Combine(Root, ".fake-state");
    public string CommandLog => Path.Combine(State, "commands.log");
    public string ArgvLog => Path.Combine(State, "argv.log");

    public FakeHost()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(State);
        foreach (var tool in Recorded)
        {
            var real = Which(tool) ?? throw new InvalidOperationException($"{tool} is not installed: the Vault script tests run the real one (.ci/apt-packages)");
            Fake(tool, $"printf '%s\\0' {tool} \"$@\" >> \"$FAKE_STATE/argv.log\"; printf '\\n' >> \"$FAKE_STATE/argv.log\"\nexec {real} \"$@\"");
        }
        Fake("systemctl", """
            case "$1" in
              is-active) [ -e "$FAKE_STATE/active-${@: -1}" ] ;;
              restart|start) touch "$FAKE_STATE/active-$2" ;;
              enable) if [ "$2" = --now ]; then touch "$FAKE_STATE/active-$3"; fi ;;
              *) : ;;
            esac
            """);
        Fake("dpkg-query", """[ -s "$FAKE_STATE/vault-version" ] && cat "$FAKE_STATE/vault-version" """);
        Fake("apt-get", """
            for arg in "$@"; do
              case "$arg" in
                vault=*)
                  if [ -e "$FAKE_STATE/vault-held" ] && [ -s "$FAKE_STATE/vault-version" ] && ! printf '%s\n' "$@" | grep -qx -- --allow-change-held-packages; then
                    echo "E: Held packages were changed and -y was used without --allow-change-held-packages." >&2
                    exit 100
                  fi
                  printf '%s' "${arg#vault=}" > "$FAKE_STATE/vault-version" ;;
              esac
            done
            """);
        Fake("apt-mark", """if [ "$1" = hold ]; then touch "$FAKE_STATE/vault-held"; fi""");
        Fake("chown", ":");
        Fake("cloud-init", ":");
        Fake("gpg", ":");
        // The apt key is fetched once; the tests' host already has it (no network here).
        Directory.CreateDirectory(Path.Combine(Root, "usr/share/keyrings"));
        File.WriteAllText(Path.Combine(Root, "usr/share/keyrings/hashicorp.gpg"), "fake keyring");
        Directory.CreateDirectory(Path.Combine(Root, "etc/apt/sources.list.d"));
    }

    /// <summary>A recording fake: logs "name args" to the command log, then does what <paramref name="body"/> says.</summary>
    private void Fake(string name, string body)
    {
        var path = Path.Combine(Bin, name);
        var log = Recorded.Contains(name) ? "" : $"echo \"{name} $*\" >> \"$FAKE_STATE/commands.log\"\n";
        File.WriteAllText(path, $"#!/usr/bin/env bash\n# FAKE {name} for the Vault script tests: records, does not {name}.\n{log}{body}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    public sealed record Run(int Exit, string Stdout, string Stderr);

    public Run Bash(string script, string stdin = "")
    {
        var file = Path.Combine(State, $"script-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, script);
        var info = new ProcessStartInfo("bash", [file])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["PATH"] = $"{Bin}:{Environment.GetEnvironmentVariable("PATH")}";
        info.Environment["FAKE_STATE"] = State;
        using var p = Process.Start(info)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        File.Delete(file);
        // pulumi-command trims one trailing newline of stdout (commandOutputs.go): so does this.
        return new Run(p.ExitCode, stdout.Result.TrimEnd('\n'), stderr.Result);
    }

    public IEnumerable<string> Commands => File.Exists(CommandLog) ? File.ReadAllLines(CommandLog) : [];

    /// <summary>Every argument of every recorded program the scripts started.</summary>
    public IEnumerable<string> Arguments => File.Exists(ArgvLog) ? File.ReadAllText(ArgvLog).Split('\0', '\n') : [];

    public string File_(string path) => File.ReadAllText(Path.Combine(Root, path.TrimStart('/')));

    private static string? Which(string tool) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

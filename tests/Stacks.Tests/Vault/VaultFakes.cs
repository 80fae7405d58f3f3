using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts.Hosts;
using Platform.Stacks.Tests.Scripts;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// The fakes the Vault steps need beyond the shared ones (Scripts/Hosts/Fakes.cs), and recording wrappers
/// around the real tools that see secrets, so that a test reads every argument they were given.
/// </summary>
public static class VaultFakes
{
    /// <summary>
    /// apt-get for the Vault package: <c>install vault=V</c> records V as installed; a held package is not
    /// changed without <c>--allow-change-held-packages</c> ("E: Held packages were changed and -y was used
    /// without --allow-change-held-packages", apt-get(8) and apt's own message).
    /// </summary>
    public static readonly Fake AptGet = new("apt-get", "apt-get(8), https://manpages.debian.org/bookworm/apt/apt-get.8.en.html (--allow-change-held-packages)", """
        state=/var/lib/fake-apt
        mkdir -p "$state"
        for a in "$@"; do
          case "$a" in
            vault=*)
              if [ -f "$state/vault.held" ] && [ -s "$state/vault.version" ] && [ "$(cat "$state/vault.version")" != "${a#vault=}" ] \
                && ! printf '%s\n' "$@" | grep -qx -- --allow-change-held-packages; then
                echo "E: Held packages were changed and -y was used without --allow-change-held-packages." >&2
                exit 100
              fi
              printf '%s' "${a#vault=}" > "$state/vault.version" ;;
          esac
        done
        """);

    /// <summary>
    /// The shared systemctl fake, plus <c>reload</c> (systemctl(1): "Asks all units listed on the command line
    /// to reload their configuration"; an inactive unit cannot be reloaded). Vault's unit reloads on SIGHUP,
    /// which re-reads the TLS certificate.
    /// </summary>
    public static readonly Fake Systemctl = Fakes.Systemctl with
    {
        Body = Fakes.Systemctl.Body
            .Replace("start|stop|restart|enable", "start|stop|restart|reload|enable")
            .Replace("    stop) rm -f", "    reload) [ -f \"$state/$u.active\" ] || { echo \"Failed to reload $u.service: unit not active\" >&2; exit 1; } ;;\n    stop) rm -f"),
    };

    /// <summary><c>apt-mark hold vault</c>: marks the package held (apt-mark(8)).</summary>
    public static readonly Fake AptMark = new("apt-mark", "apt-mark(8), https://manpages.debian.org/bookworm/apt/apt-mark.8.en.html", """
        mkdir -p /var/lib/fake-apt
        if [ "$1" = hold ]; then touch "/var/lib/fake-apt/$2.held"; fi
        """);

    /// <summary><c>dpkg-query -W -f='${Version}' vault</c>: the installed version, or exit 1 when none (dpkg-query(1)).</summary>
    public static readonly Fake DpkgQuery = new("dpkg-query", "dpkg-query(1), https://manpages.debian.org/bookworm/dpkg/dpkg-query.1.en.html", """
        [ -s /var/lib/fake-apt/vault.version ] || { echo "dpkg-query: no packages found matching vault" >&2; exit 1; }
        cat /var/lib/fake-apt/vault.version
        """);

    /// <summary>gpg --dearmor of the downloaded apt key: never reached, the host has the key (no network here).</summary>
    public static readonly Fake Gpg = Fake.Recording("gpg", "gpg(1); the test host already holds /etc/apt/keyrings/hashicorp.gpg");

    /// <summary>
    /// The real tool, its arguments recorded first (what <c>ps</c> would have shown), and the names of the
    /// variables in its environment (what <c>/proc/PID/environ</c> would have shown) in <see cref="EnvironmentLog"/>.
    /// </summary>
    public static Fake Recorder(string tool) => new(tool, $"records the arguments and environment names, then runs the real {tool}", $"""
        mkdir -p "{EnvironmentLog}"
        env | sed 's/=.*//' >> "{EnvironmentLog}/{tool}"
        exec /usr/bin/{tool} "$@"
        """);

    /// <summary>
    /// Where the recorders write the environment names their tool was started with, one file per tool: beside the
    /// host's TMPDIR, in the test's own folder, so that no snapshot of the host sees it.
    /// </summary>
    public const string EnvironmentLog = "$TMPDIR/../fake-env";

    /// <summary>gpg and sqlite3 run for real too: the backup tool encrypts and copies with them (the lab's host has HashiCorp's key, so the install step never calls gpg).</summary>
    public static readonly string[] Recorded = ["curl", "jq", "openssl", "cat", "cp", "mv", "cmp", "grep", "chmod", "base64", "gpg", "sqlite3", "tar"];
}

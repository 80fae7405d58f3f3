using Platform.Stacks.Tests.Scripts.Harness;

namespace Platform.Stacks.Tests.Scripts.Hosts;

/// <summary>
/// Fakes of the host tools every script family uses. Each keeps its state in files of the host
/// (<c>/var/lib/fake-*</c>), so a snapshot sees what it changed, and models only what its man page says.
/// </summary>
public static class Fakes
{
    /// <summary>
    /// systemd's systemctl: a unit is active or not, enabled or not; <c>start</c> of an active unit does
    /// nothing, <c>restart</c> always restarts (counted in <c>/var/lib/fake-systemd/UNIT.restarts</c>, so a
    /// restart is a change), <c>is-active</c> answers by exit code. Starting a unit runs
    /// <c>/usr/local/lib/fake-systemd/UNIT.start</c> when another fake installed one (what the service does
    /// when it starts, e.g. k3s writing its kubeconfig); its failure is the start's failure.
    /// </summary>
    public static readonly Fake Systemctl = new("systemctl", "systemctl(1), https://www.freedesktop.org/software/systemd/man/latest/systemctl.html", """
        state=/var/lib/fake-systemd
        mkdir -p "$state"
        now=false
        args=()
        for a in "$@"; do
          case "$a" in --now) now=true ;; -*) ;; *) args+=("$a") ;; esac
        done
        verb=${args[0]:-}
        units=("${args[@]:1}")
        case "$verb" in
          start|stop|restart|enable|disable|is-active|is-enabled|daemon-reload) ;;
          *) echo "fake systemctl: '$verb' is not modelled" >&2; exit 1 ;;
        esac
        start_unit() {
          rm -f "$state/$1.active"
          if [ -x "/usr/local/lib/fake-systemd/$1.start" ]; then "/usr/local/lib/fake-systemd/$1.start"; fi
          touch "$state/$1.active"
        }
        for u in "${units[@]}"; do
          u=${u##*/}
          u=${u%.service}
          case "$verb" in
            start) if [ ! -f "$state/$u.active" ]; then start_unit "$u"; fi ;;
            stop) rm -f "$state/$u.active" ;;
            restart)
              echo $(( $(cat "$state/$u.restarts" 2>/dev/null || echo 0) + 1 )) > "$state/$u.restarts"
              start_unit "$u" ;;
            enable) touch "$state/$u.enabled"; if $now && [ ! -f "$state/$u.active" ]; then start_unit "$u"; fi ;;
            disable) rm -f "$state/$u.enabled"; if $now; then rm -f "$state/$u.active"; fi ;;
            is-active) [ -f "$state/$u.active" ] || { echo inactive; exit 3; }; echo active ;;
            is-enabled) [ -f "$state/$u.enabled" ] || { echo disabled; exit 1; }; echo enabled ;;
          esac
        done
        """);

    /// <summary>
    /// apt-get: <c>install</c> marks packages installed in <c>/var/lib/fake-apt</c> (installing an installed
    /// package changes nothing); <c>update</c> refreshes lists only. No binary is installed: the scripts
    /// then use the machine's real tool (jq, ufw, curl) when one exists.
    /// </summary>
    public static readonly Fake AptGet = new("apt-get", "apt-get(8), https://manpages.debian.org/bookworm/apt/apt-get.8.en.html", """
        state=/var/lib/fake-apt
        mkdir -p "$state"
        verb=
        packages=()
        skip=false
        for a in "$@"; do
          if $skip; then skip=false; continue; fi
          case "$a" in -o) skip=true ;; -*) ;; *) if [ -z "$verb" ]; then verb=$a; else packages+=("$a"); fi ;; esac
        done
        case "$verb" in
          update) ;;
          install) for p in "${packages[@]}"; do touch "$state/${p%%=*}"; done ;;
          *) echo "fake apt-get: '$verb' is not modelled" >&2; exit 1 ;;
        esac
        """);

    /// <summary><c>cloud-init status --wait</c> on a host whose first boot is over: "status: done", exit 0.</summary>
    public static readonly Fake CloudInit = new("cloud-init", "cloud-init status, https://docs.cloud-init.io/en/latest/reference/cli.html#status", """
        if [ "${1:-}" = status ]; then echo "status: done"; exit 0; fi
        echo "fake cloud-init: '$*' is not modelled" >&2
        exit 1
        """);
}

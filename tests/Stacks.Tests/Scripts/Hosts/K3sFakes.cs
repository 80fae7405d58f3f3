using Platform.Stacks.Tests.Scripts.Harness;

namespace Platform.Stacks.Tests.Scripts.Hosts;

/// <summary>
/// The k3s installer and server, which the test machine cannot run (they need the network, systemd and a
/// kernel for containers). <see cref="Curl"/> serves a fake installer for https://get.k3s.io and hands every
/// other URL to the real curl (servers the tests start in the host's namespace).
/// </summary>
public static class K3sFakes
{
    /// <summary>curl: https://get.k3s.io is the fake installer below; anything else goes to the real curl.</summary>
    public static readonly Fake Curl = new("curl", "curl(1) -o FILE URL; the installer served follows k3s-io/k3s install.sh", $$"""
        out=
        url=
        previous=
        for a in "$@"; do
          if [ "$previous" = -o ]; then out=$a; fi
          case "$a" in https://*|http://*) url=$a ;; esac
          previous=$a
        done
        if [ "$url" != https://get.k3s.io ]; then exec /usr/bin/curl "$@"; fi
        [ -n "$out" ] || { echo "fake curl: the k3s installer is only served to -o FILE" >&2; exit 2; }
        cat > "$out" <<'INSTALLER'
        {{Installer}}
        INSTALLER
        """);

    /// <summary>
    /// FAKE `k3s kubectl` (k3s embeds kubectl), modelling only `kubectl wait --for=condition=established
    /// --timeout=DURATION crd/NAME` as kubernetes.io/docs/reference/kubectl/generated/kubectl_wait documents it: the
    /// command waits until every named resource has the condition and prints "&lt;resource&gt;/&lt;name&gt; condition met"
    /// (exit 0); a resource that does not exist is an error at once ("Error from server (NotFound)", exit 1), not a wait.
    /// A CRD has the Established condition once the API server serves it (kubernetes.io/docs/tasks/extend-kubernetes/
    /// custom-resources/custom-resource-definitions). k3s's own CRDs exist once it runs; Traefik's appear when the
    /// traefik-crd chart job has run (k3s-io/k3s manifests/traefik.yaml), modelled as a count of waits still answered
    /// NotFound, in /var/lib/fake-k3s/traefik-crd-job (the start of k3s sets it to 2 when absent; tests may set it).
    /// Every other call of the k3s binary goes to the one the installer put in /usr/local/bin.
    /// </summary>
    public static readonly Fake Kubectl = new("k3s", "kubectl wait, https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/", """
        if [ "${1:-}" != kubectl ]; then
          if [ -x /usr/local/bin/k3s ]; then exec /usr/local/bin/k3s "$@"; fi
          echo "bash: k3s: command not found" >&2; exit 127
        fi
        shift
        if [ "$#" -ne 4 ] || [ "$1" != wait ] || [ "$2" != --for=condition=established ] || [[ "$3" != --timeout=* ]] || [[ "$4" != crd/* ]]; then
          echo "fake k3s kubectl: '$*' is not modelled (only: wait --for=condition=established --timeout=D crd/NAME)" >&2; exit 2
        fi
        crd=${4#crd/}
        if [ ! -f /var/lib/fake-systemd/k3s.active ]; then
          echo "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?" >&2; exit 1
        fi
        exists=false
        case "$crd" in
          helmchartconfigs.helm.cattle.io|helmcharts.helm.cattle.io) exists=true ;;
          *.traefik.io)
            job=/var/lib/fake-k3s/traefik-crd-job
            left=$(cat "$job" 2>/dev/null || echo 0)
            if [ "$left" -le 0 ]; then exists=true; else echo $((left - 1)) > "$job"; fi ;;
        esac
        if ! $exists; then
          echo "Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io \"$crd\" not found" >&2; exit 1
        fi
        echo "customresourcedefinition.apiextensions.k8s.io/$crd condition met"
        """);

    /// <summary>FAKE sleep: time passes at once (the k3s step's pauses between attempts); the call is recorded.</summary>
    public static readonly Fake Sleep = Fake.Recording("sleep", "sleep(1): returns after the time given; here at once");

    /// <summary>
    /// FAKE get.k3s.io, modelling k3s-io/k3s install.sh: installs k3s $INSTALL_K3S_VERSION as
    /// /usr/local/bin/k3s, writes /etc/systemd/system/k3s.service with its arguments (ExecStart), runs
    /// <c>systemctl enable</c> and <c>daemon-reload</c>, then <c>systemctl restart k3s</c> unless
    /// INSTALL_K3S_SKIP_START=true or nothing it installs changed (service_enable_and_start).
    /// </summary>
    private const string Installer = """
        #!/bin/sh
        # FAKE k3s installer for the script tests (models k3s-io/k3s install.sh), not the real one.
        set -eu
        : "${INSTALL_K3S_VERSION:?fake installer: only a pinned INSTALL_K3S_VERSION is modelled}"
        hashes() { sha256sum /usr/local/bin/k3s /etc/systemd/system/k3s.service 2>&1 || true; }
        before=$(hashes)
        mkdir -p /usr/local/bin /etc/systemd/system /usr/local/lib/fake-systemd
        cat > /usr/local/bin/k3s <<BINARY
        #!/bin/sh
        # FAKE k3s binary: answers --version only.
        if [ "\${1:-}" = --version ]; then echo "k3s version $INSTALL_K3S_VERSION (fake0000)"; echo "go version go1.23 (fake)"; exit 0; fi
        echo "fake k3s: '\$*' is not modelled" >&2
        exit 1
        BINARY
        chmod 0755 /usr/local/bin/k3s
        printf '[Service]\nType=notify\nExecStart=/usr/local/bin/k3s %s\n' "$*" > /etc/systemd/system/k3s.service
        cat > /usr/local/lib/fake-systemd/k3s.start <<'START'
        #!/bin/bash
        # FAKE start of k3s server (docs.k3s.io/advanced, "Certificate Management"): client certificates live
        # 365 days and those expired or within 90 days of expiry are renewed at start; the admin kubeconfig
        # is written with the API at https://127.0.0.1:6443.
        set -euo pipefail
        # k3s's helm-controller runs the traefik-crd chart job after start (the fake kubectl counts it down).
        mkdir -p /var/lib/fake-k3s
        [ -f /var/lib/fake-k3s/traefik-crd-job ] || echo 2 > /var/lib/fake-k3s/traefik-crd-job
        kubeconfig=/etc/rancher/k3s/k3s.yaml
        current=$(sed -n 's/^ *client-certificate-data: *//p' "$kubeconfig" 2>/dev/null || true)
        if [ -n "$current" ] && base64 -d <<<"$current" | openssl x509 -noout -checkend $((90 * 86400)) >/dev/null 2>&1; then exit 0; fi
        work=$(mktemp -d)
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj /CN=system:admin \
          -keyout "$work/key" -out "$work/crt" 2>/dev/null
        mkdir -p /etc/rancher/k3s
        umask 077
        cat > "$kubeconfig" <<KUBECONFIG
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: $(base64 -w0 < "$work/crt")
            server: https://127.0.0.1:6443
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        kind: Config
        preferences: {}
        users:
        - name: default
          user:
            client-certificate-data: $(base64 -w0 < "$work/crt")
            client-key-data: $(base64 -w0 < "$work/key")
        KUBECONFIG
        rm -rf "$work"
        START
        chmod 0755 /usr/local/lib/fake-systemd/k3s.start
        systemctl enable /etc/systemd/system/k3s.service
        systemctl daemon-reload
        if [ "${INSTALL_K3S_SKIP_START:-false}" != true ] && [ "$before" != "$(hashes)" ]; then systemctl restart k3s; fi
        """;
}

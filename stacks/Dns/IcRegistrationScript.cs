using Platform.Stacks.Plan;

namespace Platform.Stacks.Dns;

/// <summary>
/// The registration of an IC custom domain with the HTTP gateways' custom-domain service, a local step on the
/// deploy runner. Written against the service's documentation, "Using custom domains"
/// (internetcomputer.org/docs/building-apps/frontends/custom-domains/using-custom-domains; source
/// dfinity/portal docs/building-apps/frontends/custom-domains/using-custom-domains.mdx):
/// <list type="bullet">
/// <item>GET <c>{api}/{domain}</c> answers <c>{"status":"success","data":{"registration_status":…}}</c> with
/// <c>registering</c> (submitted, being processed), <c>registered</c> (valid certificate), <c>expired</c> or
/// <c>failed</c> ("the error message will indicate what went wrong"); a domain it does not know is
/// <c>404 Not Found</c> with <c>"errors": "not_found: Domain … not found"</c>.</item>
/// <item>POST <c>{api}/{domain}</c> (no body) starts the registration: "request accepted and may take a few
/// minutes"; its errors are <c>bad_request</c> (missing DNS records, validation), <c>conflict</c> ("another task
/// … is already in progress", "certificate already exists") and <c>internal_server_error</c>, in
/// <c>"errors"</c>.</item>
/// </list>
/// So the step reads the status first and POSTs only for a domain the service does not know: a registered or
/// registering domain is left alone (a second POST while registering is a conflict), a failed or expired one
/// stops `pulumi up` with what the service said and the documented way out. It does not wait for the
/// certificate (minutes): <c>verify</c> checks the domain afterwards.
/// </summary>
public static class IcRegistrationScript
{
    /// <summary>The IC custom-domain service (seeds/003 "IC Custom Domain API"; the docs above).</summary>
    public const string ProductionApi = "https://icp0.io/custom-domains/v1";

    /// <summary>The step for <paramref name="domain"/> against the service at <paramref name="api"/> (the tests give a loopback fake).
    /// The purpose line is fixed text: the domain appears only quoted, below.</summary>
    public static string Register(string api, string domain) => Shell.Script("Registers the domain below with the IC custom-domain service, once.", $$"""
        api={{Shell.Quote(api)}}
        domain={{Shell.Quote(domain)}}
        # The domain becomes a URL path: only a DNS name, so that nothing in it ('/', '?', '..', spaces) can change the request.
        dns_name='^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$'
        if [[ ! $domain =~ $dns_name ]]; then
          printf 'refusing to register %q: not a DNS name (platform:dns.zone and platform:dns.icDomains[].name make it)\n' "$domain" >&2
          exit 2
        fi
        url="$api/$domain"
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT

        # call METHOD: the service's HTTP status in $status, its answer in $tmp/answer. The docs use curl -L;
        # with -X curl keeps the method across a redirect.
        call() {
          : > "$tmp/answer"  # curl writes no file for an empty answer
          if ! status=$(curl -sS -L --max-redirs 3 --connect-timeout 10 --max-time 60 -X "$1" -o "$tmp/answer" -w '%{http_code}' "$url"); then
            echo "$1 $url: no answer from the IC custom-domain service (curl's reason above); run pulumi up again: the status is read first, so a registration this call may have started is not asked for twice" >&2
            exit 1
          fi
        }
        # The answer on one line, shortened: the service's "message" and "errors" say what went wrong.
        answer() { tr -d '\n' < "$tmp/answer" | head -c 1000; }

        call GET
        case $status in
          200) state=$(tr -d '\n' < "$tmp/answer" | sed -n 's/.*"registration_status"[[:space:]]*:[[:space:]]*"\([a-z_]*\)".*/\1/p') ;;
          404) state=unknown ;;
          *)
            echo "GET $url: HTTP $status from the IC custom-domain service: $(answer)" >&2
            exit 1 ;;
        esac

        case $state in
          registered)
            echo "$domain is registered with the IC custom-domain service: nothing to do"
            exit 0 ;;
          registering)
            echo "$domain is being registered by the IC custom-domain service (its task is still running): not asking again"
            exit 0 ;;
          failed | expired)
            echo "the IC custom-domain service reports the registration of $domain as $state: $(answer)" >&2
            echo "Find the cause with: curl -sL $url/validate (DNS records, /.well-known/ic-domains of the canister); fix it, remove the $state registration with: curl -sL -X DELETE $url, then run pulumi up again." >&2
            exit 1 ;;
          unknown) ;;
          *)
            echo "GET $url: unexpected answer (no registration_status this step knows): $(answer)" >&2
            exit 1 ;;
        esac

        call POST
        case $status in
          2??) echo "registration of $domain accepted: the service obtains its certificate within minutes (status: curl -sL $url)" ;;
          *)
            echo "POST $url: HTTP $status from the IC custom-domain service: $(answer)" >&2
            echo "bad_request: the DNS records or the canister's /.well-known/ic-domains (curl -sL $url/validate says which); conflict: another task for the domain is running, run pulumi up again later." >&2
            exit 1 ;;
        esac
        """);
}

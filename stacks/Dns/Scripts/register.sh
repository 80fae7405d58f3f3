#!/usr/bin/env bash
# ic-<domain>-register, a local step on the deploy runner (stacks/Dns/IcRegistrationScript.cs composes it; the custom-
# domain service's documented answers, which this step relies on, are described there): reads the domain's status
# first and POSTs only for a domain the service does not know. A registered or registering domain is left alone; a
# failed or expired one stops `pulumi up` with what the service said and the documented way out. The header sets the
# service's address and the domain:
declare api domain

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

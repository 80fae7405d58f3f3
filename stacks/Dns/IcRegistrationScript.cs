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
    /// <summary>The IC custom-domain service (docs/sources/hello-world-dao-infrastructure.txt "IC Custom Domain API"; the docs above).</summary>
    public const string ProductionApi = "https://icp0.io/custom-domains/v1";

    /// <summary>The step for <paramref name="domain"/> against the service at <paramref name="api"/> (the tests give a loopback fake).
    /// The purpose line is fixed text: the domain appears only quoted, below.</summary>
    public static string Register(string api, string domain) => new ShellScript()
        .Set("api", api)
        .Set("domain", domain)
        .Part("Dns/Scripts/register.sh")
        .Script("Registers the domain below with the IC custom-domain service, once.");
}

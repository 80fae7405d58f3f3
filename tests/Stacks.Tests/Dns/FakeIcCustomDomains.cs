using System.Collections.Concurrent;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Dns;

/// <summary>
/// FAKE of the IC custom-domain service (not the real one: it models only what its documentation says).
/// Source: "Using custom domains", internetcomputer.org/docs/building-apps/frontends/custom-domains/using-custom-domains
/// (dfinity/portal docs/building-apps/frontends/custom-domains/using-custom-domains.mdx):
/// <list type="bullet">
/// <item>GET /custom-domains/v1/{domain}: 200 <c>{"status":"success","message":"Registration status of the domain","data":{…,"registration_status":…}}</c>
/// (registering, registered, expired, failed); 404 <c>{"status":"error",…,"errors":"not_found: Domain … not found"}</c> for a domain it does not know.</item>
/// <item>POST /custom-domains/v1/{domain}: 200 "Domain registration request accepted and may take a few minutes to process";
/// errors <c>bad_request</c> (missing DNS records), <c>conflict</c> ("Another task for … is already in progress",
/// "Certificate already exists for this domain") and <c>internal_server_error</c>.</item>
/// </list>
/// The docs name the error kinds, not their HTTP codes; the fake answers them with the statuses of the same
/// names (400, 409, 500). What the docs leave open (a POST for a failed or expired registration, PATCH,
/// DELETE, validate) answers 501, so a step that relies on it fails here. The service finishes a registration
/// by itself (minutes later): <see cref="Finish"/> stands for that.
/// </summary>
public sealed class FakeIcCustomDomains : IAsyncDisposable
{
    private const string Prefix = "/custom-domains/v1/";
    private readonly LoopbackHttpServer _server;

    public FakeIcCustomDomains() => _server = new LoopbackHttpServer(Handle);

    /// <summary>The base URL the step is given in place of https://icp0.io/custom-domains/v1.</summary>
    public string Api => $"http://127.0.0.1:{_server.Port}/custom-domains/v1";

    /// <summary>The registration_status of each domain the service knows.</summary>
    public ConcurrentDictionary<string, string> Registrations { get; } = new();

    /// <summary>Domains whose DNS records and ic-domains file are in place; a POST for another is bad_request.</summary>
    public HashSet<string> Configured { get; } = [];

    /// <summary>"METHOD path" of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The next POST answers 500 internal_server_error; with <c>true</c>, after starting the registration (the answer is lost, the task is not).</summary>
    public bool? FailNextPost { get; set; }

    /// <summary>The service's task ends: a registering domain becomes registered (or <paramref name="state"/>).</summary>
    public void Finish(string domain, string state = "registered") => Registrations[domain] = state;

    public int Posts => Requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal));

    private HttpReply Handle(HttpRequestLine request)
    {
        Requests.Enqueue($"{request.Method} {request.Path}");
        if (!request.Path.StartsWith(Prefix, StringComparison.Ordinal) || request.Path[Prefix.Length..] is not { Length: > 0 } domain || domain.Contains('/'))
            return Error(501, "not modelled by the fake", "", "not_implemented: " + request.Path);
        switch (request.Method)
        {
            case "GET":
                return Registrations.TryGetValue(domain, out var state)
                    ? Json(200, $$"""
                        {
                          "status": "success",
                          "message": "Registration status of the domain",
                          "data": {
                            "domain": "{{domain}}",
                            "canister_id": "rrkah-fqaaa-aaaaa-aaaaq-cai",
                            "registration_status": "{{state}}"
                          }
                        }
                        """)
                    : Error(404, "Registration status request failed", domain, $"not_found: Domain {domain} not found");
            case "POST":
                if (FailNextPost is { } started)
                {
                    FailNextPost = null;
                    if (started) Registrations[domain] = "registering";
                    return Error(500, "Domain registration request failed", domain, "internal_server_error: an unexpected error occurred");
                }
                if (Registrations.TryGetValue(domain, out var current))
                    return current switch
                    {
                        "registering" => Error(409, "Domain registration request failed", domain, $"conflict: Another task for {domain} is already in progress. Please retry after it completes."),
                        "registered" => Error(409, "Domain registration request failed", domain, "conflict: Certificate already exists for this domain"),
                        _ => Error(501, "not modelled by the fake", domain, $"not_implemented: POST for a {current} registration is not documented"),
                    };
                if (!Configured.Contains(domain))
                    return Error(400, "Domain registration request failed", domain, $"bad_request: missing DNS TXT record _canister-id.{domain}");
                Registrations[domain] = "registering";
                return Json(200, $$$"""{"status":"success","message":"Domain registration request accepted and may take a few minutes to process","data":{"domain":"{{{domain}}}","canister_id":"rrkah-fqaaa-aaaaa-aaaaq-cai"}}""");
            default:
                return Error(501, "not modelled by the fake", domain, $"not_implemented: {request.Method}");
        }
    }

    private static HttpReply Json(int status, string body) => new(status, [("Content-Type", "application/json")], body);

    private static HttpReply Error(int status, string message, string domain, string errors) =>
        Json(status, $$$"""{"status":"error","message":"{{{message}}}","data":{"domain":"{{{domain}}}"},"errors":"{{{errors}}}"}""");

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

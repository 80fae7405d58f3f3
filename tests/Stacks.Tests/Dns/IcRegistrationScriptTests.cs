using Platform.Stacks.Dns;
using Platform.Stacks.Tests.Scripts;

namespace Platform.Stacks.Tests.Dns;

/// <summary>
/// The IC custom-domain registration runs as the deploy runner runs it (bash -c, curl; .ci/apt-packages) against
/// a FAKE of the service on loopback (<see cref="FakeIcCustomDomains"/>, which cites the documented behaviour).
/// The script is the production plan's own, for its `www` domain, with only the service's URL pointed at the fake.
/// </summary>
public sealed class IcRegistrationScriptTests : IAsyncLifetime
{
    private readonly FakeIcCustomDomains _service = new();
    private readonly IcCustomDomainPlan _plan = GeneratedScripts.Plan("production").Dns.IcDomains.Single(d => d.Name == "ic-www");
    private readonly string _dir = Directory.CreateTempSubdirectory("ic-register-").FullName;

    public IcRegistrationScriptTests() => _service.Configured.Add(_plan.Domain);

    private string Domain => _plan.Domain;

    [Fact]
    public void The_executed_script_is_the_plans_own_with_only_the_service_url_changed()
    {
        Assert.Equal(IcRegistrationScript.ProductionApi, _plan.RegistrationApi);
        Assert.Contains("'https://icp0.io/custom-domains/v1'", _plan.RegisterScript);
        Assert.Equal(_plan.RegisterScript, Script().Replace(_service.Api, IcRegistrationScript.ProductionApi));
    }

    [Fact]
    public void A_new_domain_is_registered_after_its_status_is_read()
    {
        var run = Run();

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("accepted", run.Output);
        Assert.Equal([$"GET /custom-domains/v1/{Domain}", $"POST /custom-domains/v1/{Domain}"], _service.Requests);
        Assert.Equal("registering", _service.Registrations[Domain]);
    }

    [Fact]
    public void Running_twice_posts_once_and_once_registered_does_nothing()
    {
        Assert.Equal(0, Run().Exit);

        var second = Run();
        _service.Finish(Domain);
        var third = Run();

        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("not asking again", second.Output);
        Assert.True(third.Exit == 0, third.Error);
        Assert.Contains("nothing to do", third.Output);
        Assert.Equal(1, _service.Posts);
    }

    [Theory]
    [InlineData("registering", "not asking again")]
    [InlineData("registered", "nothing to do")]
    public void A_domain_the_service_is_registering_or_has_registered_is_not_posted(string state, string said)
    {
        _service.Registrations[Domain] = state;

        var run = Run();

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains(said, run.Output);
        Assert.Equal(0, _service.Posts);
    }

    [Fact]
    public void A_service_error_half_way_fails_the_step_and_the_next_run_registers()
    {
        _service.FailNextPost = false;

        var failed = Run();
        var retried = Run();

        Assert.NotEqual(0, failed.Exit);
        Assert.Contains($"POST {_service.Api}/{Domain}: HTTP 500", failed.Error);
        Assert.Contains("internal_server_error", failed.Error);
        Assert.True(retried.Exit == 0, retried.Error);
        Assert.Contains("accepted", retried.Output);
        Assert.Equal(2, _service.Posts);
        Assert.Equal("registering", _service.Registrations[Domain]);
    }

    [Fact]
    public void A_registration_started_whose_answer_was_lost_is_not_posted_again()
    {
        _service.FailNextPost = true;

        var failed = Run();
        var retried = Run();

        Assert.NotEqual(0, failed.Exit);
        Assert.True(retried.Exit == 0, retried.Error);
        Assert.Contains("not asking again", retried.Output);
        Assert.Equal(1, _service.Posts);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("expired")]
    public void A_failed_or_expired_registration_stops_with_what_to_do_and_is_not_posted(string state)
    {
        _service.Registrations[Domain] = state;

        var run = Run();

        Assert.NotEqual(0, run.Exit);
        Assert.Contains($"reports the registration of {Domain} as {state}", run.Error);
        Assert.Contains($"curl -sL {_service.Api}/{Domain}/validate", run.Error);
        Assert.Contains($"curl -sL -X DELETE {_service.Api}/{Domain}", run.Error);
        Assert.Equal(0, _service.Posts);
    }

    [Fact]
    public void Missing_dns_records_fail_with_the_services_bad_request()
    {
        _service.Configured.Clear();

        var run = Run();

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("HTTP 400", run.Error);
        Assert.Contains($"bad_request: missing DNS TXT record _canister-id.{Domain}", run.Error);
        Assert.False(_service.Registrations.ContainsKey(Domain));
    }

    [Fact]
    public void An_unreachable_service_fails_and_names_the_url()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused.
        var run = LocalScript.Run((_plan with { RegistrationApi = "http://127.0.0.1:1/custom-domains/v1" }).RegisterScript, workingDirectory: _dir);

        Assert.NotEqual(0, run.Exit);
        Assert.Contains($"GET http://127.0.0.1:1/custom-domains/v1/{Domain}: no answer", run.Error);
    }

    public static TheoryData<string> HostileDomains() =>
    [
        "www.example.org/../../admin",
        "www.example.org?force=1",
        "www.example.org#",
        "a.example.org'; touch PWNED; '",
        "$(touch PWNED).example.org",
        "`touch PWNED`.example.org",
        "www.example.org\ntouch PWNED",
        "-X DELETE www.example.org",
        "*.example.org",
        "_acme-challenge.example.org",
        "www..example.org",
        "www.example.org.",
        "",
    ];

    [Theory]
    [MemberData(nameof(HostileDomains))]
    public void A_domain_that_is_not_a_dns_name_is_refused_before_any_request(string domain)
    {
        var run = LocalScript.Run((_plan with { Domain = domain, RegistrationApi = _service.Api }).RegisterScript, workingDirectory: _dir);

        Assert.Equal(2, run.Exit);
        Assert.Contains("refusing to register", run.Error);
        Assert.Empty(_service.Requests);
        Assert.False(File.Exists(Path.Combine(_dir, "PWNED")), "the domain ran as a command");
    }

    private string Script() => (_plan with { RegistrationApi = _service.Api }).RegisterScript;

    private (int Exit, string Output, string Error) Run() => LocalScript.Run(Script(), workingDirectory: _dir);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

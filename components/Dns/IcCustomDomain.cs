using Platform.Stacks.Dns;
using Platform.Stacks.Plan;
using Pulumi;
using Local = Pulumi.Command.Local;

namespace Platform.Components.Dns;

/// <summary>
/// An Internet Computer custom domain (docs/sources/hello-world-dao-infrastructure.txt): CNAME to icp1.io, the _canister-id TXT and the
/// _acme-challenge CNAME, all DNS-only (the plan guarantees it), and, when asked, the registration with
/// the IC custom-domain service, which its script checks first so that re-runs do nothing.
/// </summary>
/// <remarks>Outputs: domain, canisterId.</remarks>
public sealed class IcCustomDomain : ComponentResource
{
    public const string Type = Tokens.IcCustomDomainComponent;

    public IcCustomDomain(IcCustomDomainPlan plan, string zoneId, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var records = plan.Records.Select(r => (Resource)DnsRecords.Create(r, zoneId, r.Content!, this)).ToList();
        if (plan.Register)
            // The service validates the DNS records, so registration waits for all three.
            _ = new Local.Command(plan.RegisterName, new Local.CommandArgs
            {
                Create = plan.RegisterScript,
                // The script is bash (set -o pipefail), not the default /bin/sh.
                Interpreter = { "bash", "-c" },
            }, PolicyOptions.For(ResourcePolicy.None, this, dependsOn: records));

        RegisterOutputs(new Dictionary<string, object?> { ["domain"] = plan.Domain, ["canisterId"] = plan.CanisterId });
    }
}

using Platform.Stacks.Cluster;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Vault;

/// <summary>
/// The Vault steps of a stack, against a target: the plan's is the host's private address; tests build
/// the very same steps against a loopback fake (the target is the only difference).
/// </summary>
public static class VaultPlanBuilder
{
    public static VaultPlan Build(StackSettings s, HostAccess host, IReadOnlyList<GeneratedSecretPlan> secrets, VaultTarget target)
    {
        var v = s.Vault;
        var init = new Dictionary<string, SecretSource> { [VaultApi.InitInput] = new SecretSource.StepOutput(VaultStepKind.Init) };
        var deployer = new Dictionary<string, SecretSource> { [VaultApi.DeployerInput] = new SecretSource.StepOutput(VaultStepKind.Deployer) };
        var unsealing = Unsealing.Of(v);
        var steps = new List<VaultStep>();
        void Step(VaultStepKind kind, string script, IReadOnlyDictionary<string, SecretSource>? inputs = null, ResourcePolicy? policy = null,
            string? subject = null) =>
            steps.Add(new VaultStep(kind, subject, VaultStep.NameOf(VaultPlan.ComponentName, kind, subject), script,
                inputs ?? new Dictionary<string, SecretSource>(),
                steps.Count == 0 ? [host.ReadyResource] : [steps[^1].Name], policy ?? Policies.Stateful(s)));

        var install = VaultHostScripts.Install(v.Version, target);
        Step(VaultStepKind.Tls, VaultHostScripts.Tls(target));
        Step(VaultStepKind.Install, install);
        Step(VaultStepKind.Init, VaultScripts.Init(target, v.Shares, v.Threshold, v.PgpKeys),
            policy: Policies.RunsOnce(s, "runs once: shares, threshold or PGP keys change with `vault operator rekey`, by the operators"));
        Step(VaultStepKind.Unseal, VaultScripts.Unseal(target, v.Threshold, unsealing, install), unsealing.Inputs);
        Step(VaultStepKind.Deployer, VaultScripts.Deployer(target), init,
            Policies.RunsOnce(s, "runs once, with the root token: its output is the deployer identity every later step logs in with"));
        Step(VaultStepKind.RevokeRoot, VaultScripts.RevokeRoot(target), init);
        Step(VaultStepKind.Configure, VaultScripts.Configure(target, v.Apps.Select(a => a.Name).ToList()), deployer);
        foreach (var app in v.Apps)
        {
            var fields = app.SecretsFrom.ToDictionary(f => f.Key, f => $"SECRET_{f.Key.ToUpperInvariant()}");
            var inputs = new Dictionary<string, SecretSource>(deployer);
            foreach (var (field, source) in app.SecretsFrom)
                inputs[fields[field]] = Source(source, secrets);
            Step(VaultStepKind.Secrets, VaultScripts.WriteSecret(target, $"{app.Name}/app-credentials", fields), inputs, subject: app.Name);
        }
        if (v.CertbotTokenFrom is { } certbot)
        {
            var inputs = new Dictionary<string, SecretSource>(deployer) { ["SECRET_API_TOKEN"] = Source(certbot, secrets) };
            Step(VaultStepKind.Secrets, VaultScripts.WriteSecret(target, VaultNames.CertbotSecretPath,
                new Dictionary<string, string> { ["api_token"] = "SECRET_API_TOKEN" }), inputs, subject: "certbot");
        }
        Step(VaultStepKind.AppRoleFiles, VaultScripts.AppRoleFiles(target, RoleFiles(v)), deployer);
        return new VaultPlan(VaultPlan.ComponentName, host, target, v.Version, v.Shares, v.Threshold, unsealing, steps);
    }

    /// <summary>The roles whose credentials live as files on the Vault host: each app's, certbot's, the backup timer's.</summary>
    public static IReadOnlyList<VaultRoleFiles> RoleFiles(VaultSettings v) =>
    [
        .. v.Apps.Select(a => new VaultRoleFiles(VaultNames.AppsMount, a.Name, $"{VaultTarget.CredentialsDir}/{VaultNames.AppFilePrefix}{a.Name}")),
        new(VaultNames.SystemMount, VaultNames.CertbotRole, $"{VaultTarget.CredentialsDir}/{VaultNames.CertbotRole}"),
        new(VaultNames.SystemMount, VaultNames.Backup, VaultTarget.BackupCredentials),
    ];

    private static SecretSource Source(string reference, IReadOnlyList<GeneratedSecretPlan> secrets)
    {
        if (reference.StartsWith(Credentials.FromConfig, StringComparison.Ordinal))
            return new SecretSource.Config($"platform:{reference[Credentials.FromConfig.Length..]}");
        var (name, key) = (reference[Credentials.FromGenerated.Length..].Split('/')[0], reference.Split('/')[^1]);
        var plan = secrets.First(g => g.Settings.Name == name);
        return new SecretSource.Generated(plan.ValueName(key), plan.IsHex);
    }
}

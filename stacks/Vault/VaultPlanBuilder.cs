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
        var init = new Dictionary<string, SecretSource> { [VaultApi.InitInput] = new SecretSource.InitOutput() };
        var deployer = new Dictionary<string, SecretSource> { [VaultApi.DeployerInput] = new SecretSource.DeployerOutput() };
        var steps = new List<VaultStep>();
        void Step(string suffix, string script, IReadOnlyDictionary<string, SecretSource>? inputs = null, ResourcePolicy? policy = null) =>
            steps.Add(new VaultStep($"vault-{suffix}", script, inputs ?? new Dictionary<string, SecretSource>(),
                steps.Count == 0 ? [host.ReadyResource] : [steps[^1].Name], policy ?? Policies.Stateful(s)));

        var install = VaultHostScripts.Install(v.Version, target);
        Step("tls", VaultHostScripts.Tls(target));
        Step("install", install);
        Step("init", VaultScripts.Init(target, v.Shares, v.Threshold, v.PgpKeys),
            policy: Policies.RunsOnce(s, "runs once: shares, threshold or PGP keys change with `vault operator rekey`, by the operators"));
        Step("unseal", VaultScripts.Unseal(target, v.Threshold, v.PgpKeys.Count > 0, install), init);
        Step("deployer", VaultScripts.Deployer(target), init,
            Policies.RunsOnce(s, "runs once, with the root token: its output is the deployer identity every later step logs in with"));
        Step("revoke-root", VaultScripts.RevokeRoot(target), init);
        Step("configure", VaultScripts.Configure(target, v.Apps.Select(a => a.Name).ToList()), deployer);
        foreach (var app in v.Apps)
        {
            var fields = app.SecretsFrom.ToDictionary(f => f.Key, f => $"SECRET_{f.Key.ToUpperInvariant()}");
            var inputs = new Dictionary<string, SecretSource>(deployer);
            foreach (var (field, source) in app.SecretsFrom)
                inputs[fields[field]] = Source(source, secrets);
            Step($"secrets-{app.Name}", VaultScripts.WriteSecret(target, $"{app.Name}/app-credentials", fields), inputs);
        }
        if (v.CertbotTokenFrom is { } certbot)
        {
            var inputs = new Dictionary<string, SecretSource>(deployer) { ["SECRET_API_TOKEN"] = Source(certbot, secrets) };
            Step("secrets-certbot", VaultScripts.WriteSecret(target, VaultNames.CertbotSecretPath,
                new Dictionary<string, string> { ["api_token"] = "SECRET_API_TOKEN" }), inputs);
        }
        Step("approle-files", VaultScripts.AppRoleFiles(target, RoleFiles(v)), deployer);
        return new VaultPlan("vault", host, target, v.Version, v.Shares, v.Threshold, v.PgpKeys.Count > 0, steps);
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

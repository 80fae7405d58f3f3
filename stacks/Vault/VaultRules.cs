using Platform.Stacks.Config;

namespace Platform.Stacks.Vault;

/// <summary>
/// Rule vault-quorum and rule vault-tls-verified (docs/sources/hoodcloud-production-checklist.txt,
/// docs/sources/hoodcloud-two-server-deployment.txt): threshold &lt;= shares and at least 2 in every stack (one leaked
/// share must never unseal Vault; both stacks use 2 or more, and staging rehearses production's quorum); TLS
/// verification never skipped in a protected stack (<see cref="Safeguards"/>). Nothing keys on the stack's name.
/// </summary>
internal static class VaultRules
{
    public static void Check(StackSettings s, Problems p)
    {
        var v = s.Vault;
        if (v.Shares is < 1 or > 255)
            p.Add($"{v.Key}.shares", $"{v.Shares} key shares: Vault accepts 1 to 255 (the documents use 5).");
        if (v.Threshold > v.Shares)
            p.Add($"{v.Key}.threshold", $"threshold {v.Threshold} is above the {v.Shares} shares: Vault could never be unsealed.");
        if (v.Threshold < 2)
            p.Add($"{v.Key}.threshold", $"threshold {v.Threshold} lets {(v.Threshold < 1 ? "nobody" : "one person")} unseal Vault: use at least 2 (the documents use 3 of 5).");
        if (s.Protected && v.TlsSkipVerify)
            p.Add($"{v.Key}.tlsSkipVerify", $"TLS verification is never skipped in a protected stack ({Safeguards.ConfigKey}; VAULT_TLS_SKIP_VERIFY): remove it and trust Vault's CA instead.");
        if (v.PgpKeys.Count > 0 && v.PgpKeys.Count != v.Shares)
            p.Add($"{v.Key}.pgpKeys", $"{v.PgpKeys.Count} PGP keys for {v.Shares} shares: Vault needs one key per share.");
        for (var i = 0; i < v.PgpKeys.Count; i++)
            if (PgpKeys.Problem(v.PgpKeys[i]) is { } problem)
                p.Add($"{v.Key}.pgpKeys[{i}]", problem);
        if (!System.Text.RegularExpressions.Regex.IsMatch(v.Version, @"^[0-9]+\.[0-9]+\.[0-9]+$"))
            p.Add($"{v.Key}.version", $"'{v.Version}' is not a pinned Vault version like 1.18.3.");
        var hosts = s.Hetzner.Servers.Select(x => x.Name).Concat(s.Hetzner.Dedicated is { } d ? [d.Name] : []);
        if (!hosts.Contains(v.Host))
            p.Add($"{v.Key}.host", $"no host named '{v.Host}' in platform:hetzner.");

        var generated = s.Cluster.GeneratedSecrets.SelectMany(g => g.Keys.Select(k => $"{g.Name}/{k}")).ToHashSet();
        foreach (var app in v.Apps)
        {
            if (!Cluster.ClusterRules.DnsLabel().IsMatch(app.Name))
                p.Add($"{app.Key}.name", $"'{app.Name}' is not usable in a Vault path (lower-case letters, digits, '-').");
            else if (VaultNames.ReservedAppNames.Contains(app.Name))
                p.Add($"{app.Key}.name", $"'{app.Name}' is reserved: an app reads secret/{app.Name}/*, and certbot's Cloudflare token lives under secret/{VaultNames.CertbotSecretPath}. Choose another name.");
            foreach (var (field, source) in app.SecretsFrom)
            {
                // The field becomes a script input named SECRET_<FIELD>: a shell identifier.
                if (!System.Text.RegularExpressions.Regex.IsMatch(field, "^[A-Za-z_][A-Za-z0-9_]*$"))
                    p.Add($"{app.Key}.secretsFrom.{field}", $"'{field}' is not usable as a Vault field here: letters, digits and '_', not starting with a digit.");
                CheckSource(p, $"{app.Key}.secretsFrom.{field}", source, generated);
            }
        }
        if (v.CertbotTokenFrom is { } certbot)
            CheckSource(p, $"{v.Key}.certbot.tokenFrom", certbot, generated);
    }

    private static void CheckSource(Problems p, string key, string source, HashSet<string> generated)
    {
        if (source.StartsWith(Credentials.FromGenerated, StringComparison.Ordinal))
        {
            var name = source[Credentials.FromGenerated.Length..];
            if (!generated.Contains(name))
                p.Add(key, $"no generated secret key '{name}' in platform:cluster.generatedSecrets (form: generated:<secret>/<KEY>).");
        }
        else if (!source.StartsWith(Credentials.FromConfig, StringComparison.Ordinal) || source.Length == Credentials.FromConfig.Length)
            p.Add(key, $"'{source}' must be generated:<secret>/<KEY> or config:<key> (a secure platform: config key).");
    }
}

using System.Text;

namespace Platform.Stacks.Vault;

/// <summary>
/// The names Vault knows the platform's pieces by, and the policies. The deployer identity can give an app
/// its own secrets and nothing more, because nothing it may write can grant more (issue 18):
/// <list type="bullet">
/// <item>it writes no policy but certbot's, and that one only with its exact text (<c>allowed_parameters</c>);</item>
/// <item>app roles live on an AppRole mount of their own (<see cref="AppsMount"/>), and a role there may carry
/// <see cref="AppPolicyName"/> alone, with the app TTLs, and no other parameter (<c>allowed_parameters</c>);</item>
/// <item><see cref="AppPolicyName"/> is one templated policy, written with the root token at bootstrap: a token
/// from that mount reads <c>secret/data/&lt;its role name&gt;/*</c> and nothing else (Vault docs, "Templated
/// policies": <c>identity.entity.aliases.&lt;mount accessor&gt;.metadata.&lt;key&gt;</c>; an AppRole login puts
/// <c>role_name</c> into its alias metadata after the secret-id's own metadata, so a secret-id cannot
/// change it: hashicorp/vault builtin/credential/approle/path_login.go, "Always include the role name");</item>
/// <item>it mints secret-ids with no parameters (<c>denied_parameters "*"</c>), and only for the roles named here.</item>
/// </list>
/// A token of the deployer can so at most read and write <c>secret/data/*</c>, which it can anyway.
/// </summary>
public static class VaultNames
{
    public const string KvMount = "secret";
    public const string CertbotRole = "certbot-nats";
    public const string CertbotSecretPath = "infra/certbot/cloudflare";
    public const string Deployer = "platform-deployer";

    /// <summary>The snapshot-only identity of the backup timer on the Vault host.</summary>
    public const string Backup = "platform-backup";

    /// <summary>The AppRole mount of the platform's own identities: the deployer, certbot, the backup timer.</summary>
    public const string SystemMount = "approle";

    /// <summary>The AppRole mount of the apps: one role per app, named after it. Apps log in at <c>auth/apps/login</c>.</summary>
    public const string AppsMount = "apps";

    /// <summary>The one policy of every app token: its templated path is the app's own secrets.</summary>
    public const string AppPolicyName = "platform-app";

    /// <summary>The credential files of an app's role are <c>app-&lt;name&gt;-role-id</c> and <c>-secret-id</c>.</summary>
    public const string AppFilePrefix = "app-";

    /// <summary>Replaced by the accessor of <see cref="AppsMount"/> when the deployer step writes <see cref="AppPolicyTemplate"/>.</summary>
    public const string AccessorPlaceholder = "@APPS_ACCESSOR@";

    /// <summary>Paths no app may be named after: certbot's secret lives under <c>secret/infra/</c>.</summary>
    public static readonly IReadOnlyList<string> ReservedAppNames = ["infra"];

    /// <summary>What every app role is: its policy and token TTLs, and nothing else (the deployer policy pins each value).</summary>
    public static readonly IReadOnlyDictionary<string, string> AppRoleSettings = new Dictionary<string, string>
    {
        ["token_policies"] = AppPolicyName,
        ["token_ttl"] = "1h",
        ["token_max_ttl"] = "4h",
    };

    /// <summary>
    /// docs/sources/hoodcloud-production-checklist.txt: "Vault AppRole certbot-nats created (TTL 5m, max TTL 10m)".
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CertbotRoleSettings = new Dictionary<string, string>
    {
        ["token_policies"] = CertbotRole,
        ["token_ttl"] = "5m",
        ["token_max_ttl"] = "10m",
    };

    /// <summary>The backup timer's role: a snapshot takes seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string> BackupRoleSettings = new Dictionary<string, string>
    {
        ["token_policies"] = Backup,
        ["token_ttl"] = "10m",
        ["token_max_ttl"] = "30m",
    };

    /// <summary>The templated app policy (<see cref="AccessorPlaceholder"/> stands for the apps mount's accessor).</summary>
    public static string AppPolicyTemplate => $$"""
        path "{{KvMount}}/data/{{"{{"}}identity.entity.aliases.{{AccessorPlaceholder}}.metadata.role_name{{"}}"}}/*" {
          capabilities = ["read"]
        }
        """;

    /// <summary>
    /// docs/sources/hoodcloud-production-checklist.txt: "Vault policy certbot-nats created (read-only on secret/data/infra/certbot/cloudflare)".
    /// </summary>
    public static string CertbotPolicy => $$"""
        path "{{KvMount}}/data/{{CertbotSecretPath}}" {
          capabilities = ["read"]
        }
        """;

    /// <summary>A raft snapshot, and nothing else (Vault API docs, /sys/storage/raft: GET snapshot; not root-protected).</summary>
    public static string BackupPolicy => """
        path "sys/storage/raft/snapshot" {
          capabilities = ["read"]
        }
        """;

    public static string DeployerPolicy => $$"""
        # The platform's secrets (KV v2): write and patch values, never destroy versions.
        path "{{KvMount}}/data/*" {
          capabilities = ["create", "read", "update", "patch"]
        }
        # The apps' roles: each may carry the app policy and TTLs only, and no other parameter (bind_secret_id,
        # token_type, policies, ...). A list or a comma-separated string is not the allowed string (Vault docs,
        # "Parameter constraints": a list value must match an allowed value whole).
        path "auth/{{AppsMount}}/role" {
          capabilities = ["list"]
        }
        path "auth/{{AppsMount}}/role/+" {
          capabilities = ["create", "update", "delete"]
        {{Constraints("allowed_parameters", AppRoleSettings)}}
        }
        {{Credentials($"auth/{AppsMount}/role/+")}}
        # certbot's policy and role (docs/sources/hoodcloud-production-checklist.txt), each pinned to what the configure step writes.
        path "sys/policies/acl/{{CertbotRole}}" {
          capabilities = ["create", "update"]
        {{Constraints("allowed_parameters", new Dictionary<string, string> { ["policy"] = CertbotPolicy })}}
        }
        path "auth/{{SystemMount}}/role/{{CertbotRole}}" {
          capabilities = ["create", "update"]
        {{Constraints("allowed_parameters", CertbotRoleSettings)}}
        }
        {{Credentials($"auth/{SystemMount}/role/{CertbotRole}")}}
        # The backup timer's credentials on the Vault host (its role and policy are the root token's).
        {{Credentials($"auth/{SystemMount}/role/{Backup}")}}
        """;

    /// <summary>Reading a role's role-id, and minting or checking its secret-ids, with no parameters that shape them.</summary>
    private static string Credentials(string role) => $$"""
        path "{{role}}/role-id" {
          capabilities = ["read"]
        }
        path "{{role}}/secret-id" {
          capabilities = ["create", "update"]
          denied_parameters = {
            "*" = []
          }
        }
        path "{{role}}/secret-id/lookup" {
          capabilities = ["create", "update"]
        }
        """;

    /// <summary>An HCL map of parameters, each allowed exactly one value.</summary>
    private static string Constraints(string kind, IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder($"  {kind} = {{\n");
        foreach (var (key, value) in values)
            text.Append($"    {Hcl(key)} = [{Hcl(value)}]\n");
        return text.Append("  }").ToString();
    }

    /// <summary>An HCL string: backslash, double quote and newline escaped (a policy text as one parameter value).</summary>
    private static string Hcl(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}

/// <summary>An AppRole role whose role-id and secret-id the approle-files step keeps as files on the Vault host.</summary>
/// <param name="Mount">The AppRole mount (<see cref="VaultNames.SystemMount"/> or <see cref="VaultNames.AppsMount"/>).</param>
/// <param name="Role">The role's name on that mount.</param>
/// <param name="Files">The files' common path: <c>&lt;Files&gt;-role-id</c>, <c>&lt;Files&gt;-secret-id</c>.</param>
public sealed record VaultRoleFiles(string Mount, string Role, string Files)
{
    public string RolePath => $"auth/{Mount}/role/{Role}";
}

namespace Platform.Stacks.Vault;

/// <summary>
/// The names Vault knows the platform's pieces by, and the deployer identity's policy. The deployer may
/// touch only what is named here: the KV v2 data under <c>secret/</c>, policies and AppRole roles whose
/// names start with <see cref="AppPrefix"/>, and certbot's (seeds/001). Not <c>sys/mounts</c>, not
/// <c>sys/auth</c>, not its own policy or role, not seal or generate-root. Vault cannot limit what a
/// policy it lets the deployer write may grant, so the deployer's secret-id is kept like a root
/// credential: only in Pulumi's encrypted state, and each login's token lives 15 minutes.
/// </summary>
public static class VaultNames
{
    public const string KvMount = "secret";
    public const string CertbotRole = "certbot-nats";
    public const string CertbotSecretPath = "infra/certbot/cloudflare";
    public const string Deployer = "platform-deployer";

    /// <summary>Every app's policy and role is <c>app-&lt;name&gt;</c>: the prefix the deployer policy allows.</summary>
    public const string AppPrefix = "app-";

    public static string AppRole(string app) => AppPrefix + app;

    public static string AppPolicy(string app) => $$"""
        path "{{KvMount}}/data/{{app}}/*" {
          capabilities = ["read"]
        }
        """;

    /// <summary>seeds/001: "Vault policy certbot-nats created (read-only on secret/data/infra/certbot/cloudflare)".</summary>
    public static string CertbotPolicy => $$"""
        path "{{KvMount}}/data/{{CertbotSecretPath}}" {
          capabilities = ["read"]
        }
        """;

    public static string DeployerPolicy => $$"""
        # The platform's secrets (KV v2): write and patch values, never destroy versions.
        path "{{KvMount}}/data/*" {
          capabilities = ["create", "read", "update", "patch"]
        }
        # The apps' policies and certbot's, and no other.
        path "sys/policies/acl" {
          capabilities = ["list"]
        }
        path "sys/policies/acl/{{AppPrefix}}*" {
          capabilities = ["create", "read", "update", "delete"]
        }
        path "sys/policies/acl/{{CertbotRole}}" {
          capabilities = ["create", "read", "update", "delete"]
        }
        # The apps' AppRole roles and certbot's (role-id, secret-ids), and no other.
        path "auth/approle/role" {
          capabilities = ["list"]
        }
        path "auth/approle/role/{{AppPrefix}}*" {
          capabilities = ["create", "read", "update", "delete"]
        }
        path "auth/approle/role/{{CertbotRole}}" {
          capabilities = ["create", "read", "update", "delete"]
        }
        path "auth/approle/role/{{CertbotRole}}/*" {
          capabilities = ["create", "read", "update", "delete"]
        }
        """;
}

using System.Text.Json.Nodes;

namespace Platform.Stacks.Tests.Vault;

/// <summary>The fake's ACL does what Vault's documentation examples say (docs/concepts/policies), case by case.</summary>
public sealed class FakeVaultAclTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> NoAliases = [];

    private static bool Allows(string policy, string path, string capability, string? body = null,
        Dictionary<string, Dictionary<string, string>>? aliases = null) =>
        FakeVaultAcl.Allows([policy], aliases ?? NoAliases, path, capability, body is null ? null : JsonNode.Parse(body)!.AsObject());

    [Fact]
    public void The_most_specific_path_decides_and_deny_wins()
    {
        // The docs' example: secret/* is granted, secret/super-secret denied.
        const string policy = "path \"secret/*\" { capabilities = [\"read\"] }\npath \"secret/super-secret\" { capabilities = [\"deny\"] }";

        Assert.True(Allows(policy, "secret/foo", "read"));
        Assert.False(Allows(policy, "secret/super-secret", "read"));
        // "secret/+/+/foo/*" is lower than "secret/*" (Vault's policy docs, "Priority matching", its third criterion): the broader rule decides.
        Assert.False(Allows("path \"secret/*\" { capabilities = [\"read\"] }\npath \"secret/+/+/foo/*\" { capabilities = [\"update\"] }", "secret/a/b/foo/c", "update"));
    }

    [Fact]
    public void Allowed_parameters_restrict_values_and_deny_unlisted_parameters_but_not_an_empty_body()
    {
        // The docs' example: "bar" one of zip or zap, "foo" any value.
        const string policy = "path \"secret/restricted\" {\n  capabilities = [\"create\"]\n  allowed_parameters = {\n    \"foo\" = []\n    \"bar\" = [\"zip\", \"zap\"]\n  }\n}";

        Assert.True(Allows(policy, "secret/restricted", "create", """{"foo": "anything", "bar": "zip"}"""));
        Assert.False(Allows(policy, "secret/restricted", "create", """{"bar": "zop"}"""));
        Assert.False(Allows(policy, "secret/restricted", "create", """{"baz": "x"}"""));
        Assert.True(Allows(policy, "secret/restricted", "create", "{}"));
        // A list is compared whole with each allowed value (Vault 1.20 and earlier): ["zip"] is not "zip".
        Assert.False(Allows(policy, "secret/restricted", "create", """{"bar": ["zip"]}"""));
        Assert.False(Allows(policy, "secret/restricted", "create", """{"bar": "zip,zap"}"""));
    }

    [Fact]
    public void Denied_star_refuses_any_parameter_and_values_glob_at_their_ends()
    {
        const string denied = "path \"transit/keys/*\" {\n  capabilities = [\"update\"]\n  denied_parameters = {\n    \"*\" = []\n  }\n}";
        const string glob = "path \"secret/foo\" {\n  capabilities = [\"create\"]\n  allowed_parameters = {\n    \"bar\" = [\"foo-*\"]\n  }\n}";

        Assert.False(Allows(denied, "transit/keys/k", "update", """{"exportable": true}"""));
        Assert.True(Allows(denied, "transit/keys/k", "update"));
        Assert.True(Allows(glob, "secret/foo", "create", """{"bar": "foo-1"}"""));
        Assert.False(Allows(glob, "secret/foo", "create", """{"bar": "bar-foo-1"}"""));
    }

    [Fact]
    public void A_templated_path_takes_the_alias_metadata_of_the_token_and_is_skipped_without_it()
    {
        const string policy = "path \"secret/data/{{identity.entity.aliases.auth_approle_1234.metadata.role_name}}/*\" { capabilities = [\"read\"] }";
        var app = new Dictionary<string, Dictionary<string, string>> { ["auth_approle_1234"] = new() { ["role_name"] = "shop" } };
        var otherMount = new Dictionary<string, Dictionary<string, string>> { ["auth_approle_9999"] = new() { ["role_name"] = "shop" } };

        Assert.True(Allows(policy, "secret/data/shop/app-credentials", "read", aliases: app));
        Assert.False(Allows(policy, "secret/data/other/app-credentials", "read", aliases: app));
        Assert.False(Allows(policy, "secret/data/shop/app-credentials", "read", aliases: otherMount));
    }

    [Fact]
    public void Root_protected_paths_need_sudo()
    {
        Assert.False(Allows("path \"sys/auth/*\" { capabilities = [\"create\", \"update\"] }", "sys/auth/x", "update", """{"type": "approle"}"""));
        Assert.True(Allows("path \"sys/auth/*\" { capabilities = [\"create\", \"update\", \"sudo\"] }", "sys/auth/x", "update", """{"type": "approle"}"""));
    }

    [Fact]
    public void What_the_fake_does_not_model_is_refused_not_ignored() =>
        Assert.Throws<FormatException>(() => FakeVaultAcl.Parse("path \"x\" {\n  capabilities = [\"read\"]\n  required_parameters = [\"a\"]\n}"));
}

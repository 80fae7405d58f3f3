using Platform.Stacks.Adoption;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// The Vault rules of validate. Defect 7: it accepts only the PGP key form the bootstrap's API call takes (base64 of a binary
/// public key, helper/pgpkeys GetEntities) and says what to do with the others.
/// </summary>
public sealed class VaultRuleTests
{
    private static readonly string[] Keys = [.. Validation.Load(Stack.Production).Settings.Vault.PgpKeys];

    private static Stack WithKey(string key) =>
        Stack.Production.SetList("platform:vault.pgpKeys", [key, .. Keys.Skip(1)]);

    [Fact]
    public void The_committed_keys_are_binary_public_keys_in_base64() =>
        Assert.All(Keys, k => Assert.Null(PgpKeys.Problem(k)));

    [Fact]
    public void A_gpg_export_in_base64_is_accepted()
    {
        // An OpenPGP public-key packet in the new header format (tag 6: 0xC6).
        var key = Convert.ToBase64String([0xC6, 0x01, 0x04]);

        Assert.Empty(WithKey(key).Problems());
    }

    [Theory]
    [InlineData("keybase:hwdao-ops-1", "keybase names work only in the vault CLI")]
    [InlineData("-----BEGIN PGP PUBLIC KEY BLOCK-----", "ASCII-armored")]
    [InlineData("/home/ops/ops-1.gpg", "is not standard base64")]
    [InlineData("aGVsbG8gd29ybGQ=", "not to an OpenPGP public key")]
    public void Other_forms_are_errors_that_say_how_to_export_the_key(string key, string why)
    {
        var problem = Assert.Single(WithKey(key).Problems());

        Assert.Equal("platform:vault.pgpKeys[0]", problem.Key); // position: a PGP key is the key of the share at its position
        Assert.Contains(why, problem.Message);
        Assert.Contains("gpg --export <key-id> | base64 -w0", problem.Message);
    }

    [Fact]
    public void The_committed_placeholder_keys_are_notices_that_name_each_key_and_a_real_key_clears_its_notice()
    {
        var notices = PendingAdoption.Notices(Validation.Load(Stack.Production).Settings)
            .Where(n => n.Key.StartsWith("platform:vault.pgpKeys", StringComparison.Ordinal)).ToList();
        var replaced = PendingAdoption.Notices(Validation.Load(WithKey(Convert.ToBase64String([0xC6, 0x01, 0x04]))).Settings);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"platform:vault.pgpKeys[{i}]"), notices.Select(n => n.Key));
        Assert.All(notices, n => Assert.Contains("could never be unsealed", n.Message));
        Assert.Empty(Stack.Production.Problems());
        Assert.DoesNotContain(replaced, n => n.Key == "platform:vault.pgpKeys[0]"); // position: WithKey replaces the first share's key
        Assert.Contains(replaced, n => n.Key == "platform:vault.pgpKeys[1]"); // position: the second share's key is still a placeholder
    }

    [Fact]
    public void A_secret_field_name_must_be_a_shell_identifier() =>
        Assert.Contains($"{Stack.Production.VaultApp("hello-world")}.secretsFrom.api-key",
            Stack.Production.Set($"{Stack.Production.VaultApp("hello-world")}.secretsFrom.api-key", "config:resendApiKey").ProblemKeys());

    [Fact]
    public void An_app_named_infra_is_refused_because_its_templated_path_would_reach_certbots_token()
    {
        var problem = Assert.Single(Stack.Staging.Set($"{Stack.Staging.VaultApp("hello-world")}.name", "infra").Problems());

        Assert.Equal($"{Stack.Staging.VaultApp("hello-world")}.name", problem.Key);
        Assert.Contains("certbot's Cloudflare token lives under secret/infra/certbot/cloudflare", problem.Message);
    }
}

namespace Platform.Stacks.Tests.Rules;

/// <summary>
/// Rule vault-quorum, rule vault-tls-verified, rule protected-stack and rule secrets-stay-secret: Vault, a protected
/// stack's exposure, and credentials that stay secret.
/// </summary>
public class SecurityRuleTests
{
    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public void A_protected_stack_never_opens_ssh_to_the_world(string world)
    {
        var stack = Stack.Production.SetList("platform:hetzner.adminCidrs", "198.51.100.10/32", world);

        var problem = Assert.Single(stack.Problems());
        Assert.Equal(stack.AdminCidr(world), problem.Key);
        Assert.Contains("not allowed in a protected stack (platform:protect)", problem.Message);
    }

    [Fact]
    public void Staging_may_open_ssh_for_a_rehearsal() =>
        Assert.Empty(Stack.Staging.SetList("platform:hetzner.adminCidrs", "0.0.0.0/0").Problems());

    [Theory]
    [InlineData("22")]
    [InlineData("6443")]
    public void Ssh_and_the_kubernetes_api_are_never_public_ports(string port)
    {
        var server = Stack.Staging.Server("staging-oracle-bridge");
        Assert.Contains($"{server}.openPorts", Stack.Staging.SetList($"{server}.openPorts", port).ProblemKeys());
        Assert.Contains("platform:hetzner.dedicated.openPorts", Stack.Production.SetList("platform:hetzner.dedicated.openPorts", "443", port).ProblemKeys());
    }

    [Fact]
    public void The_vault_threshold_cannot_exceed_the_shares() =>
        Assert.Contains("platform:vault.threshold", Stack.Production.Set("platform:vault.threshold", "6").ProblemKeys());

    [Fact]
    public void One_person_cannot_unseal_vault_in_any_stack()
    {
        // Not keyed on the stack's name any more: staging rehearses production's quorum (threshold 2 of 5).
        Assert.Contains("platform:vault.threshold", Stack.Production.Set("platform:vault.threshold", "1").ProblemKeys());
        Assert.Contains("platform:vault.threshold", Stack.Staging.Set("platform:vault.threshold", "1").ProblemKeys());
        Assert.Empty(Stack.Staging.Set("platform:vault.threshold", "2").Problems());
    }

    [Fact]
    public void Tls_verification_is_never_skipped_in_a_protected_stack()
    {
        Assert.Contains("platform:vault.tlsSkipVerify", Stack.Production.Set("platform:vault.tlsSkipVerify", "true").ProblemKeys());
        Assert.Empty(Stack.Staging.Set("platform:vault.tlsSkipVerify", "true").Problems());
    }

    [Fact]
    public void Pgp_keys_come_one_per_share() =>
        Assert.Contains("platform:vault.pgpKeys", Stack.Production.SetList("platform:vault.pgpKeys", "keybase:one").ProblemKeys());

    [Fact]
    public void A_credential_in_plain_text_is_an_error()
    {
        var problem = Assert.Single(Stack.Production.Set("platform:stripeSecretKey", "sk_live_oops").Problems());

        Assert.Equal("platform:stripeSecretKey", problem.Key);
        Assert.Contains("pulumi config set --secret --stack production platform:stripeSecretKey", problem.Message);
        Assert.DoesNotContain("sk_live_oops", problem.Message);
    }

    [Fact]
    public void A_missing_credential_says_how_to_set_it()
    {
        var problem = Assert.Single(Stack.Staging.Remove("platform:sshPrivateKey").Problems());

        Assert.Contains("pulumi config set --secret --stack staging platform:sshPrivateKey", problem.Message);
    }

    [Fact]
    public void A_provider_token_in_plain_text_is_an_error() =>
        Assert.Contains("hcloud:token", Stack.Production.Set("hcloud:token", "plain").ProblemKeys());

    [Fact]
    public void A_vault_secret_from_an_unknown_generated_value_is_an_error() =>
        Assert.Contains($"{Stack.Production.VaultApp("hello-world")}.secretsFrom.jwt_secret",
            Stack.Production.Set($"{Stack.Production.VaultApp("hello-world")}.secretsFrom.jwt_secret", "generated:nope/NOPE").ProblemKeys());
}

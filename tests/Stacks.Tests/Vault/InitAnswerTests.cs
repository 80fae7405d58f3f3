using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>Defect 6: the shares of Vault's init answer become the vault:unsealKeys stack output.</summary>
public sealed class InitAnswerTests
{
    [Fact]
    public void The_unseal_keys_are_the_answers_keys_base64_in_order() =>
        Assert.Equal(["wcBMA1==", "wcBMA2=="],
            InitAnswer.UnsealKeys("""{"keys":["c1","c2"],"keys_base64":["wcBMA1==","wcBMA2=="],"root_token":"hvs.x"}""").ToArray());

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"initialized":true}""")]
    public void No_answer_yet_means_no_keys(string stdout) => Assert.Empty(InitAnswer.UnsealKeys(stdout));
}

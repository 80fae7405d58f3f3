using Platform.Stacks.Config;

namespace Platform.Stacks.Tests.Config;

public class StackFileTests
{
    [Fact]
    public void A_secure_value_is_known_to_be_there_and_never_read()
    {
        var file = StackFile.Parse("s", "Pulumi.s.yaml", "config:\n  platform:sshPrivateKey:\n    secure: v1:abc\n");

        Assert.Equal(new SecretNode("platform:sshPrivateKey"), file.Get("platform:sshPrivateKey"));
    }

    [Fact]
    public void The_committed_placeholder_is_a_secret_not_set_yet() =>
        Assert.Equal(new SecretNode("k", Unset: true), StackFile.Parse("s", "p", "config:\n  k:\n    secure: v1:UNSET\n").Get("k"));

    [Fact]
    public void Nodes_carry_their_full_config_key()
    {
        var file = StackFile.Parse("s", "Pulumi.s.yaml", "config:\n  platform:dns:\n    records:\n      - name: www\n");

        var records = (ListNode)((MapNode)file.Get("platform:dns")!).Find("records")!;
        var name = ((MapNode)records.Items[0]).Find("name")!;
        Assert.Equal("platform:dns.records[0].name", name.Key); // position: how the reader names a list entry's key
    }

    [Theory]
    [InlineData("config:\n  a: [1, 2\n", "malformed YAML")]
    [InlineData("config:\n  a: 1\n  a: 2\n", "malformed YAML")]
    [InlineData("config: 3\n", "'config:' must be a mapping")]
    public void Malformed_input_is_one_message_with_the_file(string yaml, string message)
    {
        var e = Assert.Throws<ConfigException>(() => StackFile.Parse("s", "Pulumi.s.yaml", yaml));

        Assert.Contains("Pulumi.s.yaml", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_empty_stack() =>
        Assert.Empty(StackFile.Parse("s", "Pulumi.s.yaml", "").Keys);

    [Theory]
    [InlineData("../etc")]
    [InlineData("a b")]
    public void A_stack_name_is_checked_before_it_becomes_a_path(string name) =>
        Assert.Contains("is not a stack name", Assert.Throws<ConfigException>(() => StackFile.Load(Stack.RepoRoot, name)).Message);
}

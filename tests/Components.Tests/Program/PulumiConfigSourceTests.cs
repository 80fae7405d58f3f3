using Platform.Infra;
using Platform.Stacks.Config;

namespace Platform.Components.Tests.Program;

/// <summary>The program's config source gives validation the same tree, with the same keys, as the offline reader.</summary>
public sealed class PulumiConfigSourceTests
{
    private static PulumiConfigSource Source(Dictionary<string, string> values, params string[] secrets) =>
        new("staging", values.Keys, secrets.ToHashSet(), key => values.GetValueOrDefault(key));

    [Fact]
    public void Structured_values_become_a_tree_with_full_keys()
    {
        var source = Source(new() { ["platform:dns"] = """{"zone":"example.org","records":[{"name":"a"},{"name":"b","proxied":false}]}""" });

        var records = (ListNode)((MapNode)source.Get("platform:dns")!).Find("records")!;
        var proxied = ((MapNode)records.Items[1]).Find("proxied");
        Assert.Equal(new ScalarNode("platform:dns.records[1].proxied", "false"), proxied); // position: how the config source names a list entry's key
    }

    [Fact]
    public void A_secret_key_is_known_to_be_there_but_never_read()
    {
        var source = new PulumiConfigSource("staging", ["platform:sshPrivateKey"], new HashSet<string> { "platform:sshPrivateKey" },
            _ => throw new InvalidOperationException("a secret was read"));

        Assert.IsType<SecretNode>(source.Get("platform:sshPrivateKey"));
    }

    [Fact]
    public void Plain_text_stays_a_scalar()
    {
        var source = Source(new() { ["platform:note"] = "[not json" });

        Assert.Equal(new ScalarNode("platform:note", "[not json"), source.Get("platform:note"));
    }
}

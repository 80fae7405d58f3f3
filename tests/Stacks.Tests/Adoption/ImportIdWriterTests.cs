using Platform.Cli.Adoption;
using Platform.Stacks.Config;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>`adopt --write` edits the stack file's text in place: only the ids change, byte for byte otherwise.</summary>
public class ImportIdWriterTests
{
    private const string Yaml = """
        # a comment that stays
        config:
          hcloud:token:
            secure: v1:c2FsdA==:ZW5jcnlwdGVk
          platform:dns:
            records:
              - name: oracle   # trailing comment
                type: A
                importId: 'old/id'
              - { name: apis, type: A }
            icDomains:
              - name: "@"
                canisterId: ic3vh-5qaaa-aaaaf-qazma-cai
          platform:hetzner:
            network:
              name: net
              vswitch:
                id: 1
              cloudSubnet: 10.0.0.0/24 # last scalar, after a block
        """;

    private static string Write(params (string, string)[] values) => ImportIdWriter.Write(Yaml, "Pulumi.test.yaml", values);

    [Fact]
    public void An_existing_id_is_replaced_in_place()
    {
        var result = Write(("platform:dns.records[0].importId", "zone/new")); // position: the writer addresses an entry of this test's own YAML by its key

        Assert.Equal(Yaml.Replace("'old/id'", "\"zone/new\""), result);
    }

    [Fact]
    public void A_missing_id_is_a_new_line_after_the_last_plain_entry_with_its_indentation()
    {
        var result = Write(("platform:dns.icDomains[0].canisterIdImportId", "z/b"), ("platform:dns.icDomains[0].acmeChallengeImportId", "z/c")); // position: the writer addresses an entry of this test's own YAML by its key

        Assert.Equal(Yaml.Replace("        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n",
            "        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n        canisterIdImportId: \"z/b\"\n        acmeChallengeImportId: \"z/c\"\n"), result);
    }

    [Fact]
    public void A_flow_mapping_gets_the_id_before_its_brace() =>
        Assert.Contains("- { name: apis, type: A, importId: \"z/a\" }", Write(("platform:dns.records[1].importId", "z/a"))); // position: the writer addresses an entry of this test's own YAML by its key

    [Fact]
    public void Nested_blocks_stay_whole_and_trailing_comments_stay_on_their_line()
    {
        var result = Write(("platform:hetzner.network.importId", "7"), ("platform:hetzner.network.vswitch.subnetImportId", "7-10.0.1.0/24"));

        Assert.Contains("      cloudSubnet: 10.0.0.0/24 # last scalar, after a block\n      importId: \"7\"\n", result);
        Assert.Contains("        id: 1\n        subnetImportId: \"7-10.0.1.0/24\"\n", result);
        Assert.Contains("    secure: v1:c2FsdA==:ZW5jcnlwdGVk", result);
        Assert.StartsWith("# a comment that stays\n", result);
    }

    [Fact]
    public void A_key_that_is_not_in_the_file_is_a_clear_error() =>
        Assert.Contains("no item 5 in 'records'", Assert.Throws<ConfigException>(() => Write(("platform:dns.records[5].importId", "x"))).Message); // position: the writer addresses an entry of this test's own YAML by its key
}

/// <summary>Stack files as people leave them: an empty placeholder, CRLF line endings, block scalars, a trailing comma.</summary>
public class ImportIdWriterEdgeTests
{
    private static string Write(string yaml, string key, string value) => ImportIdWriter.Write(yaml, "Pulumi.test.yaml", [(key, value)]);

    [Fact]
    public void An_empty_placeholder_gets_its_value_after_a_space() =>
        Assert.Equal("config:\n  platform:dns:\n    records:\n      - name: a\n        importId: \"z/1\"\n        type: A\n",
            Write("config:\n  platform:dns:\n    records:\n      - name: a\n        importId:\n        type: A\n", "platform:dns.records[0].importId", "z/1")); // position: the writer addresses an entry of this test's own YAML by its key

    [Fact]
    public void A_crlf_file_gets_a_crlf_line() =>
        Assert.Equal("config:\r\n  platform:dns:\r\n    records:\r\n      - name: a\r\n        importId: \"z/1\"\r\n        labels:\r\n          a: b\r\n",
            Write("config:\r\n  platform:dns:\r\n    records:\r\n      - name: a\r\n        labels:\r\n          a: b\r\n", "platform:dns.records[0].importId", "z/1")); // position: the writer addresses an entry of this test's own YAML by its key

    [Fact]
    public void A_block_scalar_before_a_nested_block_keeps_the_block_whole() =>
        Assert.Equal("config:\n  platform:hetzner:\n    network:\n      name: n\n      description: |\n        hello\n      importId: \"7\"\n      vswitch:\n        id: 1\n",
            Write("config:\n  platform:hetzner:\n    network:\n      name: n\n      description: |\n        hello\n      vswitch:\n        id: 1\n", "platform:hetzner.network.importId", "7"));

    [Fact]
    public void A_flow_mapping_with_a_trailing_comma_gets_no_second_comma() =>
        Assert.Equal("config:\n  platform:dns:\n    icDomains:\n      - { name: www, canisterId: c, importId: \"z/1\", canisterIdImportId: \"z/2\", }\n",
            ImportIdWriter.Write("config:\n  platform:dns:\n    icDomains:\n      - { name: www, canisterId: c, }\n", "Pulumi.test.yaml",
                [("platform:dns.icDomains[0].importId", "z/1"), ("platform:dns.icDomains[0].canisterIdImportId", "z/2")])); // position: the writer addresses an entry of this test's own YAML by its key
}

using System.Text.Json.Nodes;

namespace Platform.Components.Tests.Program;

/// <summary>
/// The program registers every adoptable resource with the import id from config (issue 11): under
/// Pulumi.Testing the mock monitor hands a resource's ImportId to the mocks as its <c>Id</c>.
/// </summary>
[Collection(PulumiCollection.Name)]
public sealed class AdoptionProgramTests
{
    private const string Zone = "c54ceb83773e6dc926a644a2d4e8d4af";

    private static void Adopted(Dictionary<string, string> config)
    {
        var hetzner = JsonNode.Parse(config["platform:hetzner"])!;
        Named(hetzner["sshKeys"]!, "oracle-bridge-deploy")["importId"] = "101";
        hetzner["network"]!["importId"] = "2001";
        hetzner["network"]!["cloudSubnetImportId"] = "2001-10.0.0.0/24";
        hetzner["network"]!["vswitch"]!["subnetImportId"] = "2001-10.0.1.0/24";
        var server = Named(hetzner["servers"]!, "oracle-bridge");
        server["importId"] = "48213645";
        server["primaryIpImportId"] = "61234567";
        server["firewallImportId"] = "3001";
        config["platform:hetzner"] = hetzner.ToJsonString();
        var dns = JsonNode.Parse(config["platform:dns"])!;
        var www = Named(dns["icDomains"]!, "www");
        www["importId"] = $"{Zone}/{new string('a', 32)}";
        www["canisterIdImportId"] = $"{Zone}/{new string('b', 32)}";
        www["acmeChallengeImportId"] = $"{Zone}/{new string('c', 32)}";
        config["platform:dns"] = dns.ToJsonString();
    }

    private static JsonNode Named(JsonNode list, string name) => list.AsArray().Single(e => (string?)e!["name"] == name)!;

    [Fact]
    public async Task Each_adoptable_resource_is_registered_with_its_import_id()
    {
        var test = await PulumiTest.Program("production", Adopted);

        Assert.Equal("101", test.Named("ssh-oracle-bridge-deploy").Id);
        Assert.Equal("2001", test.Named("hwdao-private-network").Id);
        Assert.Equal("2001-10.0.0.0/24", test.Named("hwdao-private-cloud").Id);
        Assert.Equal("2001-10.0.1.0/24", test.Named("hwdao-private-vswitch").Id);
        Assert.Equal("48213645", test.Named("oracle-bridge-server").Id);
        Assert.Equal("61234567", test.Named("oracle-bridge-ip").Id);
        Assert.Equal("3001", test.Named("oracle-bridge-firewall").Id);
        Assert.True(string.IsNullOrEmpty(test.Named("oracle-bridge-private").Id)); // created over the live attachment, never imported
        Assert.Equal($"{Zone}/{new string('a', 32)}", test.Named("dns-cname-www").Id);
        Assert.Equal($"{Zone}/{new string('b', 32)}", test.Named("dns-txt-_canister-id-www").Id);
        Assert.Equal($"{Zone}/{new string('c', 32)}", test.Named("dns-cname-_acme-challenge-www").Id);
        Assert.True(string.IsNullOrEmpty(test.Named("ssh-hetzner-vps").Id)); // no id in config: created
    }
}

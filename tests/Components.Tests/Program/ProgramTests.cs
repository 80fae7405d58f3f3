using Platform.Infra;
using Pulumi;

namespace Platform.Components.Tests.Program;

[Collection(PulumiCollection.Name)]
public sealed class ProgramTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task Every_credential_output_is_a_secret(string stack)
    {
        var test = await PulumiTest.Program(stack);

        var credentials = test.Outputs.Where(o => o.Key == "kubeconfig" || o.Key.EndsWith("_ACCESS_KEY") || o.Key.EndsWith("_SECRET_KEY")).ToList();
        Assert.Equal(1 + 2 * 2, credentials.Count); // kubeconfig, and the keys of one R2 and one Hetzner bucket
        foreach (var (key, value) in credentials)
            Assert.True(await Output.IsSecretAsync((Output<string>)value!), $"{key} is not a secret");
        // Vault's shares (production's PGP-encrypted per operator): README, Vault.
        Assert.True(await Output.IsSecretAsync((Output<System.Collections.Immutable.ImmutableArray<string>>)test.Outputs["vault:unsealKeys"]!));
    }

    [Fact]
    public async Task Plain_outputs_stay_readable()
    {
        var test = await PulumiTest.Program("staging");

        Assert.False(await Output.IsSecretAsync((Output<string>)test.Outputs["vault:address"]!));
        Assert.False(await Output.IsSecretAsync((Output<string>)test.Outputs["storage:hwdao-staging-media:STORAGE_S3_ENDPOINT"]!));
    }

    [Fact]
    public async Task Invalid_config_fails_with_every_problem_and_registers_no_resource()
    {
        var test = await PulumiTest.FailingProgram("production", config =>
        {
            // Two kinds of mistake: IC domains asking for Cloudflare's proxy, and a workload without a memory limit.
            config["platform:dns"] = config["platform:dns"].Replace("\"canisterId\":\"ic3vh-5qaaa-aaaaf-qazma-cai\"}",
                "\"canisterId\":\"ic3vh-5qaaa-aaaaf-qazma-cai\",\"proxied\":\"true\"}");
            config["platform:cluster"] = config["platform:cluster"].Replace(",\"memoryLimit\":\"64Mi\"", "");
        });

        var message = test.Error!.Message;
        Assert.Contains(nameof(StackConfigException), message);
        Assert.Contains($"{PulumiTest.Entry("production", "platform:dns.icDomains", "@")}.proxied", message); // "@" and www share the canister: both are reported
        Assert.Contains($"{PulumiTest.Entry("production", "platform:dns.icDomains", "www")}.proxied", message);
        Assert.Contains($"{PulumiTest.Entry("production", "platform:cluster.workloads", "health")}.resources.memoryLimit", message);
        Assert.Empty(test.Registered);
    }

    /// <summary>The program, too, reads the project's other stack files: a record both stacks claim stops it before anything registers.</summary>
    [Fact]
    public async Task A_record_another_stack_manages_stops_the_program()
    {
        var test = await PulumiTest.FailingProgram("staging", config =>
            config["platform:dns"] = config["platform:dns"].Replace("\"records\":[", "\"records\":[{\"name\":\"apis\",\"type\":\"A\",\"content\":\"157.180.13.84\"},"));

        Assert.Contains($"A 'apis.helloworlddao.com' is also managed by stack 'production' ({PulumiTest.Entry("production", "platform:dns.records", "apis")} in Pulumi.production.yaml)", test.Error!.Message);
        Assert.Empty(test.Registered);
    }
}

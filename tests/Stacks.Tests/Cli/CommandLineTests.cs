using Platform.Cli;
using static Platform.Stacks.Tests.Cli.CliRun;

namespace Platform.Stacks.Tests.Cli;

/// <summary>The command line as an operator meets it: exit codes and messages, never a stack trace.</summary>
public class CommandLineTests
{
    /// <summary>A throwaway project folder holding one stack file, for the inputs an operator can get wrong.</summary>
    private static string Project(string stack, string yaml)
    {
        var dir = Directory.CreateTempSubdirectory("platform-cli-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        File.WriteAllText(Path.Combine(dir, $"Pulumi.{stack}.yaml"), yaml);
        return dir;
    }

    private static string Production => File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"));

    [Fact]
    public void Plan_prints_the_whole_platform()
    {
        var (exit, output, _) = Run("plan", "production", "--dir", Stack.RepoRoot);

        Assert.Equal(0, exit);
        foreach (var part in new[] { "hwdao-private-vswitch", "oracle-bridge-server", "ax42u-hel1-vlan", "hwdao-production-media-bucket",
                     "hwdao-production-archive-bucket", "dns-cname-www", "k3s-install", "ns-platform", "platform-health-deployment",
                     "traefik-config", "vault-revoke-root", "secret-service-tokens" })
            Assert.Contains(part, output);
    }

    [Fact]
    public void Validate_passes_with_notices_of_what_to_adopt_first()
    {
        var (exit, output, err) = Run("validate", "production", "--dir", Stack.RepoRoot);

        Assert.Equal(0, exit);
        Assert.Contains("production: valid", output);
        Assert.Contains("notice: 31 resources run today without an import id", err);
        Assert.Contains("adopt production --cloudflare … --hcloud …", err);
    }

    [Fact]
    public void Validate_lists_every_notice_when_asked()
    {
        var (exit, _, err) = Run("validate", "production", "--verbose", "--dir", Stack.RepoRoot);

        Assert.Equal(0, exit);
        Assert.Contains($"  - {Stack.Production.Server("oracle-bridge")}.importId: 'oracle-bridge' runs today at 65.21.149.226", err);
        Assert.Contains($"  - {Stack.Production.IcDomain("governance")}.acmeChallengeImportId: CNAME '_acme-challenge.governance.helloworlddao.com'", err);
    }

    [Theory]
    [InlineData("\"stack\": \"staging\"", "--json")]
    [InlineData("\"stack\": \"staging\"", "-o", "json")]
    [InlineData("graph LR", "-o", "mermaid")]
    [InlineData("| resource | type | inputs | |", "--output", "markdown")]
    public void Plan_has_machine_formats(string expected, params string[] flags)
    {
        var (exit, output, _) = Run(["plan", "staging", .. flags, "--dir", Stack.RepoRoot]);

        Assert.Equal(0, exit);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void An_unknown_stack_is_one_clear_message()
    {
        var (exit, _, err) = Run("plan", "prod", "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Contains("unknown stack 'prod'", err);
        Assert.Contains("known stacks: production, staging", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_line()
    {
        var dir = Project("broken", "config:\n  platform:dns: [unclosed\n");

        var (exit, _, err) = Run("validate", "broken", "--dir", dir);

        Assert.Equal(2, exit);
        Assert.Contains("Pulumi.broken.yaml:", err);
        Assert.Contains("malformed YAML", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_is_one_clear_message()
    {
        var (exit, _, err) = Run("validate", "odd", "--dir", Project("odd", "- just\n- a list\n"));

        Assert.Equal(2, exit);
        Assert.Contains("must be a mapping", err);
    }

    [Fact]
    public void Validate_rejects_a_proxied_ic_record_naming_the_key()
    {
        var yaml = Production.Replace("      - name: www\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai",
            "      - name: www\n        canisterId: ic3vh-5qaaa-aaaaf-qazma-cai\n        proxied: true");

        var (exit, _, err) = Run("validate", "production", "--dir", Project("production", yaml));

        Assert.Equal(1, exit);
        Assert.Contains($"{Stack.Production.IcDomain("www")}.proxied: Internet Computer records must stay DNS-only", err);
    }

    [Fact]
    public void Validate_rejects_a_container_without_limits_naming_the_key()
    {
        var yaml = Production.Replace("resources: { cpuRequest: 10m, cpuLimit: 100m, memoryRequest: 16Mi, memoryLimit: 64Mi }",
            "resources: { cpuRequest: 10m, memoryRequest: 16Mi }");

        var (exit, _, err) = Run("validate", "production", "--dir", Project("production", yaml));

        Assert.Equal(1, exit);
        Assert.Contains($"{Stack.Production.Workload("health")}.resources.cpuLimit: missing", err);
        Assert.Contains($"{Stack.Production.Workload("health")}.resources.memoryLimit: missing", err);
    }

    [Fact]
    public void Validate_rejects_production_ssh_open_to_the_world_naming_the_key()
    {
        var yaml = Production.Replace("      - 203.0.113.0/28", "      - 0.0.0.0/0");

        var (exit, _, err) = Run("validate", "production", "--dir", Project("production", yaml));

        Assert.Equal(1, exit);
        Assert.Contains($"{Stack.Production.AdminCidr("203.0.113.0/28")}: SSH open to '0.0.0.0/0' is not allowed in a protected stack", err);
    }

    [Fact]
    public void Plan_of_an_invalid_stack_plans_nothing()
    {
        var yaml = Production.Replace("      - 203.0.113.0/28", "      - 0.0.0.0/0");

        var (exit, output, err) = Run("plan", "production", "--dir", Project("production", yaml));

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("nothing was planned", err);
    }

    [Fact]
    public void Promote_without_write_changes_no_file()
    {
        var dir = Project("production", Production);
        File.Copy(Path.Combine(Stack.RepoRoot, "Pulumi.staging.yaml"), Path.Combine(dir, "Pulumi.staging.yaml"));

        var (exit, output, _) = Run("promote", "staging", "production", "--dir", dir);

        Assert.Equal(1, exit); // changes pending
        Assert.Contains("platform:cluster.workloads[name=token-authz].image", output);
        Assert.Equal(Production, File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
    }

    [Fact]
    public void Promote_with_write_updates_the_target_file()
    {
        var dir = Project("production", Production);
        File.Copy(Path.Combine(Stack.RepoRoot, "Pulumi.staging.yaml"), Path.Combine(dir, "Pulumi.staging.yaml"));

        // Staging carries a release candidate: production takes it only when asked to.
        var (exit, _, _) = Run("promote", "staging", "production", "--write", "--allow-prerelease", "--dir", dir);

        Assert.Equal(0, exit);
        Assert.Contains("image: ghcr.io/hello-world-co-op/token-authz:0.3.2 # promotable", File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
    }

    [Theory]
    [InlineData(new string[0], "error: Required command was not provided", "Commands:")]
    [InlineData(new[] { "deploy", "production" }, "error: unknown verb 'deploy'. The verbs: plan, validate", "Commands:")]
    [InlineData(new[] { "plan" }, "error: Required argument missing for command: 'plan'", " plan <STACK> [options]")]
    [InlineData(new[] { "plan", "staging", "--yaml" }, "error: unknown option '--yaml' for plan.", " plan <STACK> [options]")]
    [InlineData(new[] { "plan", "staging", "--json", "-o", "mermaid" }, "error: --json is --output json: it cannot be combined with --output mermaid", " plan <STACK> [options]")]
    [InlineData(new[] { "plan", "staging", "-o", "yaml" }, "'yaml'", "text|json|markdown|mermaid")]
    [InlineData(new[] { "promote", "staging" }, "error: Required argument missing for command: 'promote'", " promote <FROM> <TO> [options]")]
    public void Usage_errors_exit_2_with_the_message_and_the_usage_of_the_verb(string[] args, string message, string usage)
    {
        var (exit, output, err) = Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, err);
        Assert.Contains("Usage:", err);
        Assert.Contains(usage, err);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "Commands:")]
    [InlineData(new[] { "plan", "--help" }, "text|json|markdown|mermaid")]
    [InlineData(new[] { "promote", "-h" }, "--write")]
    public void Help_is_per_verb_on_stdout_and_exits_0(string[] args, string expected)
    {
        var (exit, output, err) = Run(args);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output);
        Assert.Contains(expected, output);
        Assert.Empty(err);
    }

    [Fact]
    public void Secrets_lists_every_secure_key_without_values_and_says_which_are_not_set_yet()
    {
        var yaml = Production.Replace("  hcloud:token:\n    secure: v1:UNSET", "  hcloud:token:\n    secure: v1:c2FsdA==:ZW5jcnlwdGVk");

        var (exit, output, err) = Run("secrets", "production", "--dir", Project("production", yaml));

        Assert.Equal(1, exit);
        Assert.Matches(@"hcloud:token +secure ", output);
        Assert.Matches(@"platform:certbotCloudflareToken +not set ", output);
        Assert.DoesNotContain("v1:", output);
        Assert.Contains("pulumi config set --secret --stack production <key>", err);
    }
}

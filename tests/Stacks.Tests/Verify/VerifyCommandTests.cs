using System.Text.Json;
using Platform.Cli;
using Platform.Cli.Verify;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>The verb as an operator and CI run it: exit codes, the report's lines, JSON.</summary>
public class VerifyCommandTests
{
    private static readonly VerifyTargets Production = LocalPlatform.TargetsOf(Stack.Production);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = CommandLine.Run(["verify", .. args, "--dir", Stack.RepoRoot], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [KnotFact]
    public async Task Verify_production_at_a_local_zone_from_the_plan_passes_and_fails_naming_a_drifted_record()
    {
        await using (var platform = new LocalPlatform(Production))
        {
            var (exit, output, _) = Run("production", "--nameserver", $"127.0.0.1:{platform.DnsPort}", "--only", "dns");

            Assert.True(exit == 0, output);
            Assert.DoesNotContain("\r", output); // progress only on a terminal
            Assert.Contains($"PASS dns     CNAME www.helloworlddao.com ({Stack.Production.IcDomain("www")}): expected www.helloworlddao.com.icp1.io, DNS-only; found www.helloworlddao.com.icp1.io", output);
            Assert.Contains($"production: {Production.Records.Count} checks, {Production.Records.Count} passed, 0 failed, 0 skipped", output);
        }

        var drifted = new PlatformBehaviour { Zone = z => PlanZone.Replace(z, "oracle.helloworlddao.com", "oracle.helloworlddao.com. A 65.21.149.227") };
        await using (var platform = new LocalPlatform(Production, drifted))
        {
            var (exit, output, _) = Run("production", "--nameserver", $"127.0.0.1:{platform.DnsPort}", "--only", "dns");

            Assert.Equal(1, exit);
            Assert.Contains($"FAIL dns     A oracle.helloworlddao.com ({Stack.Production.Record("oracle")}): expected 65.21.149.226, DNS-only; found 65.21.149.227", output);
        }
    }

    [KnotFact]
    public async Task The_whole_of_production_passes_against_the_local_platform_and_json_says_so()
    {
        await using var platform = new LocalPlatform(Production);

        var report = await platform.Verify();
        var json = JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.Equal(JsonOutput.SchemaVersion, json.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(Stack.Production.Record("oracle"), json.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("what").GetString() == "A oracle.helloworlddao.com").GetProperty("configKey").GetString());

        Assert.True(report.Failed == 0, report.ToText());
        Assert.Equal(0, report.Skipped);
        Assert.Equal(Production.Records.Count + Production.Buckets.Count + 3 + 1 + Production.Backups.Kinds.Count, report.Checks.Count);
        Assert.Equal(report.Checks.Count, json.GetProperty("passed").GetInt32());
        Assert.Equal(CloudflareRanges.Taken, json.GetProperty("cloudflareRangesTaken").GetString());
        Assert.Equal("passed", json.GetProperty("checks")[0].GetProperty("outcome").GetString());
        Assert.Contains("| ✅ | vault |", report.ToMarkdown());
    }

    [Theory]
    [InlineData("{\"accessKeyId\": \"AKIDREADER\"}", "has no \"secretAccessKey\"")]
    [InlineData("secretAccessKey=hunter2-the-secret", "is not JSON")]
    public void A_backup_credentials_file_that_is_not_the_stack_output_is_a_usage_error_that_never_shows_its_content(string content, string why)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, content);
        try
        {
            var (exit, output, error) = Run("production", "--only", "backups", "--backup-credentials", file);

            Assert.Equal(2, exit);
            Assert.Contains($"--backup-credentials: '{file}' {why}", error);
            Assert.DoesNotContain("hunter2", output + error);
            Assert.DoesNotContain("AKIDREADER", output + error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Without_backup_credentials_the_backups_are_listed_as_skipped()
    {
        var (exit, output, _) = Run("production", "--only", "backups");

        Assert.Equal(0, exit);
        Assert.Contains("SKIP backups newest vault backup in https://5a3c8e1f9b2d4c6e8f0a1b3c5d7e9f21.r2.cloudflarestorage.com/hwdao-production-backups/vault/", output);
        Assert.Contains("2 checks, 0 passed, 0 failed, 2 skipped", output);
    }

    [Fact]
    public void Without_an_ssh_key_vault_is_listed_as_skipped_and_does_not_fail_the_run()
    {
        var (exit, output, _) = Run("production", "--only", "vault");

        Assert.Equal(0, exit);
        Assert.Contains("SKIP vault", output);
        Assert.Contains("1 checks, 0 passed, 0 failed, 1 skipped", output);
    }

    [Theory]
    [InlineData("unknown option '--fast' for verify", "production", "--fast")]
    [InlineData("--only: unknown check(s) dnss", "production", "--only", "dnss")]
    [InlineData("--timeout: 'soon' is not a number", "production", "--timeout", "soon")]
    [InlineData("--nameserver: '127.0.0.1:99999' is not HOST[:PORT]", "production", "--nameserver", "127.0.0.1:99999")]
    [InlineData("--ssh-key: no file 'missing-key'", "production", "--ssh-key", "missing-key")]
    [InlineData("--connect-to: 'apis:443' is not HOST:PORT:ADDRESS:PORT", "production", "--connect-to", "apis:443")]
    [InlineData("unknown stack 'prod'", "prod")]
    [InlineData("Required argument missing for command: 'verify'", "--json")]
    public void What_cannot_run_exits_2_with_one_message(string message, params string[] args)
    {
        var (exit, output, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_stack_with_config_problems_cannot_be_verified()
    {
        var dir = Directory.CreateTempSubdirectory("verify-invalid-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        File.WriteAllText(Path.Combine(dir, "Pulumi.production.yaml"), File.ReadAllText(Path.Combine(Stack.RepoRoot, "Pulumi.production.yaml"))
            .Replace("threshold: 3", "threshold: 9"));
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = CommandLine.Run(["verify", "production", "--dir", dir], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("run `validate production`", stderr.ToString());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Connect_to_parses_curls_syntax_and_keeps_other_hosts()
    {
        var map = new ConnectTo([ConnectTo.Parse("apis.helloworlddao.com:443:[::1]:8443")]);

        Assert.Equal(("::1", 8443), map.Resolve("APIS.helloworlddao.com", 443));
        Assert.Equal(("apis.helloworlddao.com", 80), map.Resolve("apis.helloworlddao.com", 80));
    }
}

using Platform.Cli.Verify;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>Vault's sealed state read over SSH (a labelled fake ssh here), and never a pass without checking.</summary>
public class VaultCheckTests
{
    private static readonly VerifyTargets Production = LocalPlatform.TargetsOf(Stack.Production);

    private static async Task<(CheckResult Line, IReadOnlyList<string> SshArguments)> Verify(FakeSsh ssh, double timeoutSeconds = 60)
    {
        var options = new VerifyOptions
        {
            Checks = new HashSet<string> { VerifyOptions.Vault },
            SshKey = ssh.KeyFile,
            SshProgram = ssh.Program,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
        var report = await Verifier.Run(Production, options);
        return (Assert.Single(report.Results), ssh.Arguments);
    }

    [Fact]
    public async Task An_initialised_unsealed_vault_passes_and_the_health_is_read_on_its_host_over_ssh()
    {
        using var ssh = new FakeSsh(FakeSsh.Unsealed);

        var (line, args) = await Verify(ssh);

        Assert.Equal(Outcome.Passed, line.Outcome);
        Assert.Equal("initialized, unsealed, version 1.18.3", line.Found);
        Assert.Equal(["-i", ssh.KeyFile], args.Take(2));
        Assert.Contains("BatchMode=yes", args);
        Assert.Equal(["-l", "root", "157.180.13.84"], args.SkipWhile(a => a != "-l").Take(3));
        Assert.Equal(
            $"curl -sS --max-time 20 --cacert /etc/vault.d/tls/ca.crt 'https://10.0.1.3:8200/v1/sys/health{VaultCheck.HealthQuery}'",
            args[^1]);
    }

    [Fact]
    public async Task A_sealed_vault_fails_and_says_who_unseals_it()
    {
        using var ssh = new FakeSsh(FakeSsh.Sealed);

        var (line, _) = await Verify(ssh);

        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.StartsWith("initialized, SEALED", line.Found);
        Assert.Contains("vault operator unseal", line.Found);
        Assert.Contains("https://10.0.1.3:8200/v1/sys/health", line.What);
    }

    [Fact]
    public async Task An_uninitialised_vault_fails()
    {
        using var ssh = new FakeSsh(FakeSsh.Uninitialized);

        var (line, _) = await Verify(ssh);

        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.StartsWith("NOT initialized, SEALED", line.Found);
    }

    [Theory]
    [InlineData("", "not Vault's health JSON: empty answer")]
    [InlineData("curl: (7) Failed to connect to 10.0.1.3 port 8200", "not Vault's health JSON: curl: (7)")]
    [InlineData("""{"errors":[]}""", "not Vault's health JSON (no initialized/sealed)")]
    public async Task An_answer_that_is_not_vaults_health_fails_quoting_it(string stdout, string found)
    {
        using var ssh = new FakeSsh(stdout);

        var (line, _) = await Verify(ssh);

        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.StartsWith(found, line.Found);
    }

    [Fact]
    public async Task An_ssh_that_cannot_connect_fails_with_its_message()
    {
        using var ssh = new FakeSsh("", exitCode: 255, stderr: "ssh: connect to host 157.180.13.84 port 22: Connection timed out");

        var (line, _) = await Verify(ssh);

        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Equal("ssh root@157.180.13.84 exited 255: ssh: connect to host 157.180.13.84 port 22: Connection timed out", line.Found);
    }

    [Fact]
    public async Task An_unreachable_host_is_reported_with_sshs_reason_before_the_deadline_takes_the_check()
    {
        using var ssh = new FakeSsh(FakeSsh.Unsealed, unreachable: true);

        // ssh gives up at half the deadline: the fake sleeps those 5 s, leaving 5 s (and the grace) for a busy machine.
        var (line, args) = await Verify(ssh, timeoutSeconds: 10);

        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Equal("ssh root@157.180.13.84 exited 255: ssh: connect to host 157.180.13.84 port 22: Connection timed out", line.Found);
        Assert.Contains("ConnectTimeout=5", args);
    }

    [Fact]
    public async Task An_ssh_that_hangs_is_stopped_at_the_timeout_and_fails()
    {
        using var ssh = new FakeSsh(FakeSsh.Unsealed, hang: true);

        var (line, _) = await Verify(ssh, timeoutSeconds: 1);

        Assert.Equal(Outcome.Failed, line.Outcome);
        Assert.Contains("did not finish within 1 s", line.Found);
    }

    [Fact]
    public async Task Without_an_ssh_key_the_check_is_skipped_never_passed()
    {
        var report = await Verifier.Run(Production, new VerifyOptions { Checks = new HashSet<string> { VerifyOptions.Vault } });

        var line = Assert.Single(report.Checks);
        Assert.Equal(Outcome.Skipped, line.Outcome);
        Assert.Contains("--ssh-key", line.Found);
        Assert.Equal(0, report.Passed);
    }

    [Fact]
    public void Staging_reaches_its_vault_host_through_the_dns_only_record_that_points_at_it()
    {
        var staging = LocalPlatform.TargetsOf(Stack.Staging);

        Assert.Equal("staging-k3s", staging.Vault.HostName);
        Assert.Equal("staging-apis.helloworlddao.com", staging.Vault.SshHost);
    }
}

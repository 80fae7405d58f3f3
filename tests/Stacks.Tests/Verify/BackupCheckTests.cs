using Platform.Cli.Verify;
using Platform.Stacks.Backup;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Platform.Stacks.Tests.Storage;
using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>
/// Issue 18, point 4: verify's backups check against a real Ceph RGW answering at the backup bucket's R2 name (TLS with
/// the tests' CA, path-style, SigV4 with R2's region): fresh backups pass, a missing or stale one fails, a refused key
/// fails without showing it, and without a key the check is skipped, never passed.
/// </summary>
public sealed class BackupCheckTests
{
    private static CephRgw Ceph => CephRgw.Shared;

    /// <summary>Production with a backup bucket of this test's own on the shared Ceph, made and owned by a new account.</summary>
    private static async Task<(VerifyTargets Targets, S3User Owner)> Bucket()
    {
        var targets = LocalPlatform.TargetsOf(Stack.Production.Set("platform:backups.bucket", $"verify-{Guid.NewGuid():N}"[..24]));
        var owner = Ceph.CreateUser("backups");
        Assert.Equal(200, (await S3(owner).Send(HttpMethod.Put, $"/{targets.Backups.Bucket}")).Status);
        return (targets, owner);
    }

    private static S3Client S3(S3User user) => new(new HttpClient(), Ceph.Endpoint, BackupPlanBuilder.Region, new S3Credentials(user.AccessKey, user.SecretKey));

    private static async Task Upload(VerifyTargets targets, S3User owner, string key) =>
        Assert.Equal(200, (await S3(owner).Send(HttpMethod.Put, $"/{targets.Backups.Bucket}/{key}", body: "backup"u8.ToArray())).Status);

    private static Task<VerifyReport> Verify(VerifyTargets targets, S3User? reader, TimeProvider? clock = null) =>
        Verifier.Run(targets, new VerifyOptions
        {
            Checks = new HashSet<string> { VerifyOptions.Backups },
            ConnectTo = new ConnectTo([Ceph.ConnectTo(new Uri(targets.Backups.Endpoint).Host)]),
            TrustedRoots = Ceph.TrustedRoots,
            BackupCredentials = reader is null ? null : new S3Credentials(reader.AccessKey, reader.SecretKey),
            Clock = clock ?? TimeProvider.System,
            Timeout = TimeSpan.FromSeconds(30),
        });

    private static CheckResult Line(VerifyReport report, string kind) => Assert.Single(report.Checks, c => c.What.StartsWith($"newest {kind} backup"));

    [CephFact]
    public async Task Fresh_backups_of_both_kinds_pass_read_with_a_read_only_key()
    {
        var (targets, owner) = await Bucket();
        await Upload(targets, owner, "vault/20260101T023000Z-ax42u-hel1-1.snap");
        await Upload(targets, owner, "k3s/20260101T033000Z-ax42u-hel1-1.tar.gz.gpg");

        var report = await Verify(targets, Ceph.ReadOnly(owner));

        Assert.True(report.Failed == 0, report.ToText());
        Assert.Equal(2, report.Passed);
        Assert.Contains("vault/20260101T023000Z-ax42u-hel1-1.snap, 0.0 h old", Line(report, "vault").Found);
        Assert.Contains($"{targets.Backups.Endpoint}/{targets.Backups.Bucket}/k3s/", Line(report, "k3s").What);
    }

    [CephFact]
    public async Task A_kind_with_no_backup_fails_and_says_which_timer_to_look_at()
    {
        var (targets, owner) = await Bucket();
        await Upload(targets, owner, "vault/20260101T023000Z-ax42u-hel1-1.snap");

        var report = await Verify(targets, Ceph.ReadOnly(owner));

        Assert.Equal(Outcome.Passed, Line(report, "vault").Outcome);
        var k3s = Line(report, "k3s");
        Assert.Equal(Outcome.Failed, k3s.Outcome);
        Assert.Contains("no backup under k3s/", k3s.Found);
        Assert.Contains("journalctl -u platform-backup-k3s on ax42u-hel1", k3s.Found);
        Assert.Equal(1, report.ExitCode);
    }

    [CephFact]
    public async Task A_backup_older_than_26_hours_is_stale()
    {
        var (targets, owner) = await Bucket();
        await Upload(targets, owner, "vault/20260101T023000Z-ax42u-hel1-1.snap");
        await Upload(targets, owner, "k3s/20260101T033000Z-ax42u-hel1-1.tar.gz.gpg");
        var reader = Ceph.ReadOnly(owner);

        var dayLater = await Verify(targets, reader, new Later(TimeSpan.FromHours(25)));
        var twoDaysLater = await Verify(targets, reader, new Later(TimeSpan.FromHours(27)));

        Assert.Equal(2, dayLater.Passed);
        Assert.Equal(2, twoDaysLater.Failed);
        Assert.Contains("27.0 h old", Line(twoDaysLater, "vault").Found);
        Assert.Contains("stale, the daily backup has failed since", Line(twoDaysLater, "vault").Found);
    }

    [CephFact]
    public async Task A_refused_key_fails_and_is_in_no_line_of_the_report()
    {
        var (targets, owner) = await Bucket();
        var stranger = Ceph.CreateUser("stranger");
        var wrong = owner with { SecretKey = "wrong-secret-of-the-reader" };

        var refused = await Verify(targets, wrong);
        var otherAccount = await Verify(targets, stranger);

        Assert.All(refused.Checks, c => Assert.Contains("HTTP 403 SignatureDoesNotMatch: the key was refused", c.Found));
        Assert.All(otherAccount.Checks, c => Assert.Contains("HTTP 403 AccessDenied", c.Found));
        foreach (var text in new[] { refused.ToText(), refused.ToJson(), refused.ToMarkdown() })
            Assert.DoesNotContain("wrong-secret-of-the-reader", text);
    }

    [CephFact]
    public async Task Without_a_key_the_check_is_skipped_never_passed()
    {
        var (targets, _) = await Bucket();

        var report = await Verify(targets, reader: null);

        Assert.Equal(2, report.Skipped);
        Assert.Equal(0, report.ExitCode);
        Assert.All(report.Checks, c => Assert.Contains("--backup-credentials FILE or VERIFY_BACKUPS_ACCESS_KEY_ID", c.Found));
    }

    /// <summary>The clock of a verify run some time from now.</summary>
    private sealed class Later(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    /// <summary>An endpoint that never answers is a check that could not run (exit 2, one line), not a stale backup.</summary>
    [Fact]
    public async Task An_endpoint_that_cannot_be_reached_is_a_check_that_could_not_run()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var targets = LocalPlatform.TargetsOf(Stack.Production);
        var host = new Uri(targets.Backups.Endpoint).Host;

        var report = await Verifier.Run(targets, new VerifyOptions
        {
            Checks = new HashSet<string> { VerifyOptions.Backups },
            ConnectTo = new ConnectTo([((host, 443), ("127.0.0.1", port))]),
            BackupCredentials = new S3Credentials("reader", "reader-secret"),
            Timeout = TimeSpan.FromSeconds(30),
        });

        Assert.Equal(2, report.ExitCode);
        var unreachable = Assert.Single(report.CannotReach);
        Assert.Equal((VerifyOptions.Backups, host, 2), (unreachable.Check, unreachable.Server, unreachable.Probes));
        Assert.DoesNotContain("reader-secret", report.ToText() + report.ToJson());
    }
}

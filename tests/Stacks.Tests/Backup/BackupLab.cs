using Platform.Stacks.Tests.Scripts.Harness;
using System.Text;
using Platform.Cli.Verify;
using Platform.Stacks.Backup;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Tests.Storage;
using Platform.Stacks.Tests.Vault;

namespace Platform.Stacks.Tests.Backup;

/// <summary>
/// A stack's backups on a test host: the host of a <see cref="VaultLab"/> (staging's Vault and k3s share it, as
/// production's do), a k3s datastore there (a real SQLite file, the schema of k3s's kine), and the shared Ceph RGW
/// as the bucket, reached from the host through <see cref="TestHost.Forward"/>. The backup step is the plan's, with
/// the Ceph target as its only difference (<see cref="BackupPlan.WithTarget"/>); the bucket and its credentials are
/// made on Ceph as the R2 resources make them on R2: a bucket, an account that may write it, a read-only key.
/// </summary>
public sealed class BackupLab : IAsyncDisposable
{
    /// <summary>A value of the k3s datastore, to find in a restore and never in an uploaded object.</summary>
    public const string SecretRow = "k8s-secret-value-that-must-not-leave-the-host-in-clear";

    public const string EncryptionKey = "6f1c0ffee0ddba11c0de5eed0fab1e5e0ddf00dcafebabe1deadbeefdecade00";

    private BackupLab(VaultLab vault, CephRgw ceph, S3User writer, S3User reader, BackupPlan plan)
    {
        Vault = vault;
        Ceph = ceph;
        Writer = writer;
        Reader = reader;
        Plan = plan;
    }

    public VaultLab Vault { get; }
    public TestHost Host => Vault.Host;
    public CephRgw Ceph { get; }
    public S3User Writer { get; }
    public S3User Reader { get; }
    public BackupPlan Plan { get; }
    public BackupHostPlan Step => Plan.Hosts.Single();
    public string Bucket => Plan.Target.Bucket;

    /// <summary>The stack with a bucket of this lab's own on the shared Ceph, and a retention Ceph's lifecycle runs in seconds.</summary>
    public static Stack StackFor(Stack stack) =>
        stack.Set("platform:backups.bucket", $"backups-{Guid.NewGuid():N}"[..24]).Set("platform:backups.retentionDays", "2");

    /// <param name="dayOne">Run the Vault bootstrap first (the backup identity is made there).</param>
    /// <param name="bucketOf">Another lab whose bucket and credentials this one uses (a host rebuilt after a loss).</param>
    public static async Task<BackupLab> Start(Stack? stack = null, bool dayOne = true, BackupLab? bucketOf = null)
    {
        var ceph = CephRgw.Shared;
        var vault = await VaultLab.Start(bucketOf?.Vault.Stack ?? StackFor(stack ?? Stack.Staging));
        if (dayOne)
        {
            var up = vault.Up();
            Assert.True(up.Succeeded, $"{up.FailedStep}: {up.Output}");
        }
        vault.Host.Forward(ceph.HttpPort);
        var plan = vault.Stack.Plan().Backups;
        plan = plan.WithTarget(new BackupTarget(ceph.Endpoint, plan.Target.Bucket, BackupPlanBuilder.Region));
        var writer = bucketOf?.Writer ?? ceph.CreateUser("backups");
        var lab = new BackupLab(vault, ceph, writer, bucketOf?.Reader ?? ceph.ReadOnly(writer), plan);
        if (bucketOf is null)
            Assert.Equal(200, (await lab.S3(writer).Send(HttpMethod.Put, $"/{lab.Bucket}")).Status);
        lab.GivenK3sDatastore();
        return lab;
    }

    /// <summary>What a k3s server leaves in its data directory: the SQLite datastore (kine's table, WAL mode), the token, CAs.</summary>
    public void GivenK3sDatastore(string rows = $"('/registry/secrets/platform/service-tokens', '{SecretRow}'), ('/registry/namespaces/platform', 'ns')")
    {
        var server = BackupScripts.K3sServerDir;
        Host.Given($"""
            mkdir -p {server}/db {server}/tls {server}/cred
            rm -f {server}/db/state.db*
            sqlite3 {server}/db/state.db "PRAGMA journal_mode=WAL; CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, created INTEGER, deleted INTEGER, create_revision INTEGER, prev_revision INTEGER, lease INTEGER, value BLOB, old_value BLOB); INSERT INTO kine (name, value) VALUES {rows};" >/dev/null
            printf 'K10server-token::server:secret\n' > {server}/token
            printf 'CA certificate\n' > {server}/tls/server-ca.crt
            printf 'passwd\n' > {server}/cred/passwd
            """);
    }

    /// <summary>The datastore's rows as the host sees them, name=value, in order.</summary>
    public string Rows() => Host.Output($"sqlite3 {BackupScripts.K3sServerDir}/db/state.db \"SELECT name || '=' || value FROM kine ORDER BY id;\"");

    public IReadOnlyList<KeyValuePair<string, string>> Inputs(S3User? user = null, string key = EncryptionKey) =>
    [
        new(BackupScripts.AccessKeyInput, (user ?? Writer).AccessKey),
        new(BackupScripts.SecretKeyInput, (user ?? Writer).SecretKey),
        new(BackupScripts.EncryptionKeyInput, key),
    ];

    /// <summary>The installing step alone, as `pulumi up --target` runs it on a rebuilt host (README, Restore).</summary>
    public ScriptRun InstallTool() => Host.Run(Step.Script, Inputs());

    /// <summary>Both backup steps, as `pulumi up` runs them: the install, then the first backups; the first failure stops.</summary>
    public ScriptRun Install()
    {
        var install = InstallTool();
        return install.ExitCode != 0 ? install : Host.Run(Step.FirstScript);
    }

    /// <summary>The tool as its timer or an operator runs it on the host.</summary>
    public ScriptRun Tool(string arguments, string stdin = "") => Host.Run($"{BackupScripts.ToolPath} {arguments}" + (stdin.Length > 0 ? $" <<'STDIN'\n{stdin}\nSTDIN" : ""));

    public S3Client S3(S3User user) =>
        new(new HttpClient(), Ceph.Endpoint, BackupPlanBuilder.Region, new S3Credentials(user.AccessKey, user.SecretKey));

    /// <summary>The bucket's objects under a prefix, as the read-only key lists them.</summary>
    public Task<IReadOnlyList<S3Object>> Objects(string prefix) => S3(Reader).List(Bucket, prefix);

    public async Task<byte[]> Download(string key)
    {
        var (status, body) = await S3(Reader).SendForBytes(HttpMethod.Get, $"/{Bucket}/{key}");
        Assert.Equal(200, status);
        return body;
    }

    public ValueTask DisposeAsync() => Vault.DisposeAsync();
}

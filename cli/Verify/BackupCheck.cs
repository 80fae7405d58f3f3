using Platform.Stacks.Backup;
using Platform.Stacks.Storage;

namespace Platform.Cli.Verify;

/// <summary>
/// Issue 18: the newest backup of each kind (Vault's raft snapshot, k3s's datastore) is in the backup bucket and
/// younger than <see cref="MaximumAge"/>: the timers run daily, up to 30 minutes late at random, so a copy older than
/// 26 hours means a night was missed. The bucket is listed (S3 ListObjectsV2) with a read-only key, the stack output
/// <c>backups:readCredentials</c>, given by <c>--backup-credentials FILE</c> or the environment; the key is in no
/// line of the report. Without one the check is skipped and says so; it never passes unchecked.
/// </summary>
internal sealed class BackupCheck(HttpClient http, VerifyOptions options)
{
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(26);

    public static string Expected => $"a backup younger than {MaximumAge.TotalHours:0} h";

    public IEnumerable<Probe> Probes(BackupsTarget target) => target.Kinds.Select(kind =>
    {
        var what = $"newest {kind.Kind} backup in {target.Endpoint.TrimEnd('/')}/{target.Bucket}/{kind.Prefix}";
        return options.BackupCredentials is null
            ? new Probe(VerifyOptions.Backups, what, Expected, _ => Task.FromResult(CheckResult.Skip(VerifyOptions.Backups, what, Expected,
                $"skipped: give a read-only key of the backup bucket (pulumi stack output backups:readCredentials) with --backup-credentials FILE or {VerifyOptions.BackupKeyIdVariable}/{VerifyOptions.BackupSecretVariable}")))
            : new Probe(VerifyOptions.Backups, what, Expected, ct => Check(target, kind, what, options.BackupCredentials, ct))
            {
                // An endpoint that never answers is a check that could not run (exit 2), not stale backups.
                Server = new Uri(target.Endpoint).Host,
            };
    });

    private async Task<CheckResult> Check(BackupsTarget target, BackupKind kind, string what, S3Credentials credentials, CancellationToken ct)
    {
        IReadOnlyList<S3Object> objects;
        try
        {
            // Signed with the real time: a request dated otherwise is refused (RequestTimeTooSkewed). Ages use the check's clock.
            objects = await new S3Client(http, target.Endpoint, target.Region, credentials).List(target.Bucket, kind.Prefix, ct);
        }
        catch (S3Exception e)
        {
            var why = e.Status is 401 or 403 ? "the key was refused: is it the bucket's read-only key (backups:readCredentials)?"
                : e.Status == 404 ? "no such bucket: has the stack been deployed?" : "the bucket could not be listed";
            return CheckResult.Fail(VerifyOptions.Backups, what, Expected, $"HTTP {e.Status} {e.Code}: {why}");
        }
        var newest = objects.MaxBy(o => o.LastModified);
        var timer = $"systemctl status {BackupScripts.Unit(kind.Kind)}.timer; journalctl -u {BackupScripts.Unit(kind.Kind)} on {kind.Host}";
        if (newest is null)
            return CheckResult.Fail(VerifyOptions.Backups, what, Expected, $"no backup under {kind.Prefix}: none was ever uploaded ({timer})");
        var age = options.Clock.GetUtcNow() - newest.LastModified;
        var found = $"{newest.Key}, {age.TotalHours:0.0} h old, {Size(newest.Size)}";
        return age <= MaximumAge
            ? CheckResult.Pass(VerifyOptions.Backups, what, Expected, found)
            : CheckResult.Fail(VerifyOptions.Backups, what, Expected, $"{found}: stale, the daily backup has failed since ({timer})");
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MiB",
    };
}

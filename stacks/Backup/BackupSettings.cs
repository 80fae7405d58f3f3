using Platform.Stacks.Config;
using Platform.Stacks.Storage;

namespace Platform.Stacks.Backup;

/// <summary>
/// <c>platform:backups</c>: the off-site bucket the hosts' daily backups go to (an R2 bucket of its own, in the
/// account of <c>platform:storage.accountId</c>) and how long each copy is kept.
/// </summary>
public sealed record BackupSettings(string Key, string Bucket, string? LocationHint, string Jurisdiction, int RetentionDays)
{
    public const string ConfigKey = "platform:backups";

    /// <summary>30 daily copies: a problem noticed within a month can still be undone.</summary>
    public const int DefaultRetentionDays = 30;

    public static BackupSettings Read(Section s)
    {
        var settings = new BackupSettings(s.Key, s.String("bucket"), s.OptionalString("locationHint"),
            s.String("jurisdiction", R2BucketPlan.DefaultJurisdiction), s.Int("retentionDays", DefaultRetentionDays));
        s.Done();
        return settings;
    }
}

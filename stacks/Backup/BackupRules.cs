using Platform.Stacks.Config;
using Platform.Stacks.Storage;

namespace Platform.Stacks.Backup;

/// <summary>
/// The backup bucket is an R2 bucket like the others (rule buckets-placed-and-named), and keeps each copy long enough
/// to be useful (rule backups-overlap).
/// </summary>
internal static class BackupRules
{
    /// <summary>A copy must outlive the next one (daily, verify allows 26 h): one day of retention would leave gaps.</summary>
    public const int MinimumRetentionDays = 2;

    public static void Check(StackSettings s, Problems p)
    {
        var b = s.Backups;
        StorageRules.Name(p, b.Key, b.Bucket, "bucket");
        if (s.Storage.AccountId is null)
            p.Add($"{StorageSettings.ConfigKey}.accountId", "set the Cloudflare account id (32 hex characters): the backup bucket is an R2 bucket of that account.");
        if (b.LocationHint is null)
            p.Add($"{b.Key}.locationHint", $"the backup bucket needs an explicit location hint ({string.Join(", ", StorageRules.LocationHints)}): it can never move (R2 location hints are permanent).");
        else if (!StorageRules.LocationHints.Contains(b.LocationHint))
            p.Add($"{b.Key}.locationHint", $"'{b.LocationHint}' is not an R2 location hint: use one of {string.Join(", ", StorageRules.LocationHints)} (lower case).");
        if (!StorageRules.Jurisdictions.Contains(b.Jurisdiction))
            p.Add($"{b.Key}.jurisdiction", $"'{b.Jurisdiction}' is not an R2 jurisdiction: use one of {string.Join(", ", StorageRules.Jurisdictions)}.");
        if (b.RetentionDays is < MinimumRetentionDays or > 3650)
            p.Add($"{b.Key}.retentionDays", $"{b.RetentionDays} days: keep each backup {MinimumRetentionDays} to 3650 days, so that yesterday's copy is there until today's has landed (the documents' default: {BackupSettings.DefaultRetentionDays}).");
        if (s.Storage.R2Buckets.Select(x => x.Name).Concat(s.Storage.HetznerBuckets.Select(x => x.Name)).Contains(b.Bucket))
            p.Add($"{b.Key}.bucket", $"'{b.Bucket}' is also a bucket of platform:storage: the backups need a bucket of their own, with their own credential and retention.");
    }
}

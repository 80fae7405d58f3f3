using Platform.Stacks.Config;

namespace Platform.Stacks.Storage;

public sealed record StorageSettings(string? AccountId, IReadOnlyList<R2BucketSettings> R2Buckets, IReadOnlyList<HetznerBucketSettings> HetznerBuckets)
{
    public const string ConfigKey = "platform:storage";

    public static StorageSettings Read(Section s)
    {
        var settings = new StorageSettings(
            s.OptionalString("accountId"),
            s.Sections("r2Buckets", b => new R2BucketSettings(b.Key, b.String("name"), b.OptionalString("locationHint"), b.String("jurisdiction", R2BucketPlan.DefaultJurisdiction))),
            s.Sections("hetznerBuckets", b => new HetznerBucketSettings(b.Key, b.String("name"), b.String("region"))));
        s.Done();
        return settings;
    }
}

/// <summary>LocationHint is nullable on purpose: "not set" must be an error, never Cloudflare's "automatic".</summary>
public sealed record R2BucketSettings(string Key, string Name, string? LocationHint, string Jurisdiction);

public sealed record HetznerBucketSettings(string Key, string Name, string Region);

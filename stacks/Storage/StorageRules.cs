using System.Text.RegularExpressions;
using Platform.Stacks.Config;

namespace Platform.Stacks.Storage;

/// <summary>
/// Rule buckets-placed-and-named: explicit R2 location hints (docs/sources/frameworks-external-services.txt: the hint
/// is permanent) and S3 bucket naming.
/// </summary>
internal static partial class StorageRules
{
    /// <summary>R2 location hints (Cloudflare R2 docs, "Data location").</summary>
    public static readonly string[] LocationHints = ["apac", "eeur", "enam", "oc", "weur", "wnam"];
    public static readonly string[] Jurisdictions = [R2BucketPlan.DefaultJurisdiction, "eu", "fedramp"];
    public static readonly string[] HetznerRegions = ["fsn1", "nbg1", "hel1"];

    public static void Check(StackSettings s, Problems p)
    {
        var st = s.Storage;
        if (st.R2Buckets.Count > 0 && (st.AccountId is null || !AccountId().IsMatch(st.AccountId)))
            p.Add($"{StorageSettings.ConfigKey}.accountId", "set the Cloudflare account id (32 hex characters) that owns the R2 buckets.");
        foreach (var b in st.R2Buckets)
        {
            Name(p, b.Key, b.Name);
            if (b.LocationHint is null)
                p.Add($"{b.Key}.locationHint", $"R2 bucket '{b.Name}' needs an explicit location hint ({string.Join(", ", LocationHints)}): 'automatic' places it near whoever creates it, and it can never move.");
            else if (!LocationHints.Contains(b.LocationHint))
                p.Add($"{b.Key}.locationHint", $"'{b.LocationHint}' is not an R2 location hint: use one of {string.Join(", ", LocationHints)} (lower case).");
            if (!Jurisdictions.Contains(b.Jurisdiction))
                p.Add($"{b.Key}.jurisdiction", $"'{b.Jurisdiction}' is not an R2 jurisdiction: use one of {string.Join(", ", Jurisdictions)}.");
        }
        foreach (var b in st.HetznerBuckets)
        {
            Name(p, b.Key, b.Name);
            if (!HetznerRegions.Contains(b.Region))
                p.Add($"{b.Key}.region", $"'{b.Region}' is not a Hetzner Object Storage region: use one of {string.Join(", ", HetznerRegions)}.");
        }
        Hetzner.ServerRules.Duplicates(p, st.R2Buckets.Select(b => (b.Key + ".name", b.Name))
            .Concat(st.HetznerBuckets.Select(b => (b.Key + ".name", b.Name))), "bucket name");
    }

    /// <summary>S3 naming rules, which both R2 and Hetzner (Ceph) enforce.</summary>
    internal static void Name(Problems p, string key, string name, string field = "name")
    {
        var why = name switch
        {
            _ when name.Length is < 3 or > 63 => "must be 3 to 63 characters long",
            _ when !BucketName().IsMatch(name) => "may contain only lower-case letters, digits and '-', and must start and end with a letter or digit",
            _ when name.StartsWith("xn--", StringComparison.Ordinal) => "must not start with 'xn--'",
            _ when name.EndsWith("-s3alias", StringComparison.Ordinal) => "must not end with '-s3alias'",
            _ => null,
        };
        if (why is not null)
            p.Add($"{key}.{field}", $"bucket name '{name}' {why} (S3 naming rules).");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex AccountId();
}

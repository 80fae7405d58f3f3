using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Cli;

/// <summary>
/// The version a promotable value names, enough to order two of them: an image's tag
/// (<c>ghcr.io/org/api:1.3.0-rc.1</c>), a k3s release (<c>v1.31.4+k3s1</c>), a Vault version (<c>1.18.3</c>).
/// A pre-release is a SemVer pre-release whose first identifier says so (<c>rc</c>, <c>beta</c>, <c>alpha</c>, …);
/// an image variant (<c>1.27.3-alpine</c>) is not one. A value with no such version (<c>latest</c>, a digest)
/// cannot be ordered: <see cref="Parse"/> returns null and the promotion says so instead of guessing.
/// </summary>
public sealed partial record ReleaseVersion(int[] Numbers, string? PreRelease, string? Variant, int Build)
{
    public bool IsPreRelease => PreRelease is not null;

    public static ReleaseVersion? Parse(string value)
    {
        // The tag of an image reference: after the last ':' that follows the last '/' (a registry port is not a tag).
        var tag = value.Contains('@') ? null : value[(value.LastIndexOf('/') + 1)..] is var last && last.Contains(':') ? last[(last.LastIndexOf(':') + 1)..] : value;
        if (tag is null || Shape().Match(tag) is not { Success: true } m)
            return null;
        var numbers = m.Groups["numbers"].Value.Split('.').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var suffix = m.Groups["suffix"].Success ? m.Groups["suffix"].Value : null;
        var (pre, variant) = suffix is not null && PreReleaseWord().IsMatch(suffix) ? (suffix, (string?)null) : (null, suffix);
        var build = m.Groups["meta"].Success && TrailingNumber().Match(m.Groups["meta"].Value) is { Success: true } b
            ? int.Parse(b.Value, CultureInfo.InvariantCulture) : 0;
        return new ReleaseVersion(numbers, pre, variant, build);
    }

    /// <summary>Below zero when this version is older than <paramref name="other"/> (SemVer 2.0.0 §11, k3s's +k3sN last).</summary>
    public int CompareTo(ReleaseVersion other)
    {
        for (var i = 0; i < Math.Max(Numbers.Length, other.Numbers.Length); i++)
        {
            var c = Numbers.ElementAtOrDefault(i).CompareTo(other.Numbers.ElementAtOrDefault(i));
            if (c != 0) return c;
        }
        // A release is newer than its pre-releases; two pre-releases compare identifier by identifier.
        if ((PreRelease is null) != (other.PreRelease is null)) return PreRelease is null ? 1 : -1;
        if (PreRelease is not null && other.PreRelease is not null)
        {
            var (a, b) = (PreRelease.Split('.'), other.PreRelease.Split('.'));
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], out var x) && int.TryParse(b[i], out var y) ? x.CompareTo(y) : string.CompareOrdinal(a[i], b[i]);
                if (c != 0) return c;
            }
            if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        }
        return Build.CompareTo(other.Build);
    }

    [GeneratedRegex(@"^v?(?<numbers>\d{1,9}(\.\d{1,9}){0,3})(-(?<suffix>[0-9A-Za-z.-]+))?(\+(?<meta>[0-9A-Za-z.-]+))?$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"\d{1,9}$")]
    private static partial Regex TrailingNumber();

    [GeneratedRegex(@"^(alpha|beta|rc|pre|preview|dev|snapshot|nightly|canary|next|m\d)", RegexOptions.IgnoreCase)]
    private static partial Regex PreReleaseWord();
}

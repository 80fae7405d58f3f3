using System.Net;

namespace Platform.Cli.Verify;

/// <summary>
/// Cloudflare's published proxy ranges (<c>cloudflare-ips.txt</c>, with its source and the date it was taken).
/// A proxied record answers addresses from these; a DNS-only record (every IC boundary record) never does.
/// </summary>
public static class CloudflareRanges
{
    private static readonly Lazy<(IReadOnlyList<IPNetwork> Ranges, string Taken)> Data = new(Load);

    public static IReadOnlyList<IPNetwork> Ranges => Data.Value.Ranges;

    /// <summary>The date the list was taken from Cloudflare's pages (shown in reports, so a stale list is visible).</summary>
    public static string Taken => Data.Value.Taken;

    public static bool Contains(IPAddress address)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Ranges.Any(r => r.Contains(a));
    }

    private static (IReadOnlyList<IPNetwork>, string) Load()
    {
        using var stream = typeof(CloudflareRanges).Assembly.GetManifestResourceStream("cloudflare-ips.txt")
            ?? throw new InvalidOperationException("cloudflare-ips.txt is not embedded in the stacks assembly.");
        var lines = new StreamReader(stream).ReadToEnd().Split('\n').Select(l => l.Trim()).ToList();
        var taken = lines.FirstOrDefault(l => l.StartsWith("# taken:", StringComparison.Ordinal))?["# taken:".Length..].Trim() ?? "unknown";
        var ranges = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(IPNetwork.Parse).ToList();
        return (ranges, taken);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Stacks.Cluster;

/// <summary>Kubernetes resource quantities ("250m", "2", "512Mi", "1G") as plain numbers for the rules.</summary>
public static partial class Quantity
{
    private static readonly Dictionary<string, double> Suffixes = new()
    {
        [""] = 1, ["m"] = 1e-3, ["k"] = 1e3, ["M"] = 1e6, ["G"] = 1e9, ["T"] = 1e12,
        ["Ki"] = 1024, ["Mi"] = 1024d * 1024, ["Gi"] = 1024d * 1024 * 1024, ["Ti"] = 1024d * 1024 * 1024 * 1024,
    };

    /// <summary>The quantity in base units (cores for cpu, bytes for memory), or null when it is not one.</summary>
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !Suffixes.TryGetValue(m.Groups[2].Value, out var factor)) return null;
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * factor;
    }

    public static string Bytes(double bytes) => bytes >= 1024d * 1024 * 1024
        ? $"{bytes / (1024d * 1024 * 1024):0.##}Gi"
        : $"{bytes / (1024d * 1024):0.##}Mi";

    public static string Cores(double cores) => cores < 1 ? $"{cores * 1000:0}m" : $"{cores:0.###}";

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)([A-Za-z]*)$")]
    private static partial Regex Pattern();
}

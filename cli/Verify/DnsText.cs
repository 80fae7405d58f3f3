namespace Platform.Cli.Verify;

/// <summary>Record data written the same way for the plan and for an answer, so that they compare as text.</summary>
internal static class DnsText
{
    /// <summary>A planned value; an MX record's priority is a field of its own in the plan.</summary>
    public static string Planned(string type, string value, int? priority) =>
        type == "MX" ? $"{priority ?? 0} {Name(value)}" : Normalize(type, value);

    public static string Normalize(string type, string value) => type switch
    {
        "CNAME" or "NS" or "MX" => Name(value),
        "TXT" => Unquote(value),
        "A" or "AAAA" => System.Net.IPAddress.TryParse(value, out var a) ? a.ToString() : value.Trim(),
        _ => Unquote(value).ToLowerInvariant(),
    };

    /// <summary>Host names compare without case and without the root dot.</summary>
    public static string Name(string value) => value.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>TXT data as one string: the quoted chunks of a long value are joined, as resolvers do.</summary>
    public static string Unquote(string value)
    {
        var v = value.Trim();
        return v.Length >= 2 && v[0] == '"' && v[^1] == '"' ? string.Concat(v[1..^1].Split("\" \"")) : v;
    }
}

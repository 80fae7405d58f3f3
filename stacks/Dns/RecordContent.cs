namespace Platform.Stacks.Dns;

/// <summary>Text of the form <c>"a" "b"</c> (zone files, and the API's TXT content) as the one string DNS serves.</summary>
public static class TxtText
{
    public static string Unquote(string text)
    {
        var t = text.Trim();
        if (t.Length < 2 || t[0] != '"') return t;
        var sb = new System.Text.StringBuilder();
        var inside = false;
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (c == '"') { inside = !inside; continue; }
            if (!inside) continue; // the space between two strings
            if (c == '\\' && i + 1 < t.Length) c = t[++i];
            sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>How two record contents are compared: host names without case or trailing dot, TXT as served.</summary>
public static class RecordContent
{
    public static string Normalize(string type, string content) => type switch
    {
        "TXT" => TxtText.Unquote(content),
        "CNAME" or "MX" or "NS" or "PTR" => content.Trim().TrimEnd('.').ToLowerInvariant(),
        "AAAA" => System.Net.IPAddress.TryParse(content.Trim(), out var a) ? a.ToString() : content.Trim(),
        _ => content.Trim(),
    };
}

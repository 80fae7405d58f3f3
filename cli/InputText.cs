using Platform.Stacks.Dns;
using Platform.Stacks.Plan;

namespace Platform.Cli;

/// <summary>A plan input as a person reads it in the text and Markdown reports (JSON keeps the provider's value).</summary>
public static class InputText
{
    public static string Show(PlannedResource r, string key, string value) =>
        // Cloudflare's API takes TTL 1 as "automatic"; printed as 1 it reads as one second.
        r.Type == Tokens.DnsRecord && key == "ttl" && value == DnsZone.AutoTtl.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? "auto"
            : value;
}

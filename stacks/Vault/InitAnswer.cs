using System.Text.Json;

namespace Platform.Stacks.Vault;

/// <summary>Reads Vault's <c>PUT sys/init</c> answer, as the init step printed it (Vault API docs, /sys/init).</summary>
public static class InitAnswer
{
    /// <summary>
    /// <c>keys_base64</c>: the shares, each PGP-encrypted for its operator when keys were given (then base64 of
    /// the binary OpenPGP message). Empty while the init output is unknown (a preview) or not Vault's answer.
    /// </summary>
    public static System.Collections.Immutable.ImmutableArray<string> UnsealKeys(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("keys_base64", out var keys) && keys.ValueKind == JsonValueKind.Array
                ? [.. keys.EnumerateArray().Select(k => k.GetString() ?? "")]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

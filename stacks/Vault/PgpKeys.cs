namespace Platform.Stacks.Vault;

/// <summary>
/// The one form of operator PGP key the bootstrap accepts: a public key exported in binary and encoded in
/// standard base64 (<c>gpg --export &lt;id&gt; | base64 -w0</c>). The init step sends the keys to Vault's
/// HTTP API, whose <c>pgp_keys</c> take exactly that (helper/pgpkeys GetEntities: base64.StdEncoding, then
/// openpgp.ReadEntity). <c>keybase:&lt;user&gt;</c> and file paths are CLI-only forms (helper/pgpkeys
/// flag.go): the API knows no keybase, and a path means nothing to it.
/// </summary>
public static class PgpKeys
{
    /// <summary>Why a configured key is not that form, and what to do; null when it is.</summary>
    public static string? Problem(string key)
    {
        const string Export = "export the operator's public key with `gpg --export <key-id> | base64 -w0` and paste that one line";
        if (key.StartsWith("keybase:", StringComparison.Ordinal))
            return $"'{key}': keybase names work only in the vault CLI, which fetches them from keybase.io; the bootstrap uses Vault's HTTP API, which takes the key itself: {Export}.";
        if (key.Contains("BEGIN PGP", StringComparison.Ordinal))
            return $"an ASCII-armored key: Vault takes the binary key in base64 ({Export}, without --armor).";
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            return $"'{Shorten(key)}' is not standard base64: {Export}.";
        }
        return IsPublicKeyPacket(bytes) ? null : $"'{Shorten(key)}' decodes, but not to an OpenPGP public key: {Export}.";
    }

    /// <summary>
    /// A key made to stand in for an operator's (the committed production placeholders): its user ID is a
    /// mailbox in <c>invalid</c>, the top-level domain RFC 2606 §2 reserves so that it can never be real. Shares
    /// encrypted to it can never be decrypted: Vault initialised with it could never be unsealed.
    /// </summary>
    public static bool IsPlaceholder(string key)
    {
        try
        {
            var text = System.Text.Encoding.Latin1.GetString(Convert.FromBase64String(key));
            return System.Text.RegularExpressions.Regex.IsMatch(text, @"@(?:[A-Za-z0-9-]+\.)*invalid>", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>What to do about placeholder keys, by index (empty when there are none).</summary>
    public static IEnumerable<(int Index, string Message)> Placeholders(IReadOnlyList<string> keys) =>
        keys.Select((k, i) => (k, i)).Where(x => IsPlaceholder(x.k)).Select(x => (x.i,
            "a placeholder key (its user ID is at the reserved .invalid domain, its private key discarded): shares encrypted to it can never be decrypted, so Vault could never be unsealed. " +
            "Replace it with the operator's own key (`gpg --export <key-id> | base64 -w0`) before the first pulumi up; until then vault-init refuses to run."));

    /// <summary>RFC 4880 §4.2: the first packet's tag is 6 (public key), in the old or the new header format.</summary>
    private static bool IsPublicKeyPacket(byte[] bytes)
    {
        if (bytes.Length < 2 || (bytes[0] & 0x80) == 0)
            return false;
        var tag = (bytes[0] & 0x40) != 0 ? bytes[0] & 0x3F : (bytes[0] >> 2) & 0x0F;
        return tag == 6;
    }

    private static string Shorten(string key) => key.Length <= 24 ? key : key[..24] + "…";
}

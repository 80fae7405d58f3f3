using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Cli.Diff;

/// <summary>
/// An OpenSSH public key's SHA-256 fingerprint, printed exactly as <c>ssh-keygen -lf KEY.pub</c> prints it:
/// <c>256 SHA256:… comment (ED25519)</c> (OpenSSH ssh-keygen.c fingerprint_one_key: size, fingerprint, comment
/// or "no comment", type). The fingerprint is the unpadded base64 of the SHA-256 of the key blob (RFC 4253
/// §6.6 encoding); the size is the key's (RSA/DSA modulus bits, the curve's bits, 256 for Ed25519).
/// </summary>
public sealed record SshFingerprint(int? Bits, string Sha256, string? Comment, string? KeyType)
{
    /// <summary>The ssh-keygen line; for a blob ssh-keygen would not read, the fingerprint and what is wrong.</summary>
    public override string ToString() => Bits is { } bits && KeyType is { } type
        ? $"{bits} {Sha256} {Comment ?? "no comment"} ({type})"
        : $"{Sha256} (not a key ssh-keygen reads)";

    /// <summary>The fingerprint of a <c>TYPE BASE64 [COMMENT]</c> line, or null when there is no base64 blob at all.</summary>
    public static SshFingerprint? Of(string publicKeyLine)
    {
        var parts = publicKeyLine.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
            return null;
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[1]); }
        catch (FormatException) { return null; }
        var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
        var comment = parts.Length == 3 ? parts[2].Trim() : null;
        var (bits, type) = SizeAndType(blob);
        return new SshFingerprint(bits, fingerprint, string.IsNullOrEmpty(comment) ? null : comment, type);
    }

    private static (int? Bits, string? Type) SizeAndType(byte[] blob)
    {
        var reader = new BlobReader(blob);
        switch (reader.String())
        {
            case "ssh-ed25519":
                return reader.Bytes()?.Length == 32 ? (256, "ED25519") : (null, null);
            case "sk-ssh-ed25519@openssh.com":
                return reader.Bytes()?.Length == 32 ? (256, "ED25519-SK") : (null, null);
            case "ssh-rsa":
                var exponent = reader.Bytes();
                return exponent is not null && reader.Bytes() is { } modulus ? (BitLength(modulus), "RSA") : (null, null);
            case "ssh-dss":
                return reader.Bytes() is { } p ? (BitLength(p), "DSA") : (null, null);
            case "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521":
                var curve = reader.String();
                int? bits = curve switch { "nistp256" => 256, "nistp384" => 384, "nistp521" => 521, _ => null };
                return bits is not null && reader.Bytes() is not null ? (bits, "ECDSA") : (null, null);
            case "sk-ecdsa-sha2-nistp256@openssh.com":
                return reader.String() == "nistp256" && reader.Bytes() is not null ? (256, "ECDSA-SK") : (null, null);
            default:
                return (null, null);
        }
    }

    /// <summary>The bit length of an SSH mpint (big-endian two's complement, positive here).</summary>
    private static int BitLength(byte[] mpint) => (int)new BigInteger(mpint, isUnsigned: true, isBigEndian: true).GetBitLength();

    /// <summary>Reads RFC 4251 §5 strings (uint32 length, then the bytes); null once the blob runs out.</summary>
    private sealed class BlobReader(byte[] blob)
    {
        private int _at;

        public byte[]? Bytes()
        {
            if (_at + 4 > blob.Length) return null;
            var length = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(_at));
            if (length > blob.Length - _at - 4) return null;
            var value = blob.AsSpan(_at + 4, (int)length).ToArray();
            _at += 4 + (int)length;
            return value;
        }

        public string? String() => Bytes() is { } b ? Encoding.ASCII.GetString(b) : null;
    }
}

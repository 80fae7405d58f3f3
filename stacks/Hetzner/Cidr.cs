using System.Net;
using System.Net.Sockets;

namespace Platform.Stacks.Hetzner;

/// <summary>Small helpers over <see cref="IPNetwork"/> for the address rules.</summary>
public static class Cidr
{
    /// <summary>A CIDR whose address has no host bits (10.0.0.5/16 is refused: it is almost always a typo).</summary>
    public static IPNetwork? Parse(string text) =>
        IPNetwork.TryParse(text, out var n) && IPAddress.TryParse(text.Split('/')[0], out var written) && written.Equals(n.BaseAddress) && written.Equals(Mask(n))
            ? n : null;

    /// <summary>A literal address; "10" or "1.2" (legal for IPAddress.TryParse) are not addresses in config.</summary>
    public static IPAddress? Address(string text) =>
        (text.Count(c => c == '.') == 3 || text.Contains(':')) && IPAddress.TryParse(text, out var a) ? a : null;

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    public static bool Inside(IPNetwork inner, IPNetwork outer) => outer.Contains(inner.BaseAddress) && inner.PrefixLength >= outer.PrefixLength;

    /// <summary>The network's own address and, for IPv4, its broadcast address: never a host's.</summary>
    public static bool IsHostAddress(IPNetwork n, IPAddress a)
    {
        if (!n.Contains(a) || a.Equals(n.BaseAddress)) return false;
        if (a.AddressFamily != AddressFamily.InterNetwork) return true;
        var bytes = a.GetAddressBytes();
        var hostBits = 32 - n.PrefixLength;
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var hostMask = hostBits == 32 ? uint.MaxValue : (1u << hostBits) - 1;
        return (value & hostMask) != hostMask;
    }

    /// <summary>The n-th address of a network (1 = the first host), used for gateways.</summary>
    public static IPAddress Nth(IPNetwork n, int index)
    {
        var bytes = n.BaseAddress.GetAddressBytes();
        var carry = index;
        for (var i = bytes.Length - 1; i >= 0 && carry > 0; i--)
        {
            var sum = bytes[i] + carry;
            bytes[i] = (byte)(sum & 0xff);
            carry = sum >> 8;
        }
        return new IPAddress(bytes);
    }

    private static IPAddress Mask(IPNetwork n)
    {
        var bytes = n.BaseAddress.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(n.PrefixLength - i * 8, 0, 8);
            bytes[i] &= (byte)(0xff << (8 - bits));
        }
        return new IPAddress(bytes);
    }
}

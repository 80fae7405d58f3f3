using System.Net;
using System.Net.Sockets;
using Platform.Cli.Verify;

namespace Platform.Stacks.Tests.Verify;

/// <summary>The published ranges are data with the date they were taken, and tell Cloudflare's edge from an origin.</summary>
public class CloudflareRangesTests
{
    [Fact]
    public void The_list_has_cloudflares_fifteen_ipv4_and_seven_ipv6_ranges_and_its_date()
    {
        Assert.Equal(15, CloudflareRanges.Ranges.Count(r => r.BaseAddress.AddressFamily == AddressFamily.InterNetwork));
        Assert.Equal(7, CloudflareRanges.Ranges.Count(r => r.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6));
        Assert.True(DateOnly.TryParseExact(CloudflareRanges.Taken, "yyyy-MM-dd", out _), CloudflareRanges.Taken);
    }

    [Theory]
    [InlineData("104.16.132.229", true)]
    [InlineData("172.67.1.1", true)]
    [InlineData("2606:4700::6810:84e5", true)]
    [InlineData("::ffff:104.16.132.229", true)]
    [InlineData("157.180.13.84", false)] // the AX42-U: an origin
    [InlineData("65.21.149.226", false)]
    [InlineData("2a01:4f9::1", false)]
    public void An_address_is_cloudflares_or_not(string address, bool cloudflare)
    {
        Assert.Equal(cloudflare, CloudflareRanges.Contains(IPAddress.Parse(address)));
    }
}

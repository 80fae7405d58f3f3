using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Tests.Loopback;

/// <summary>
/// A certificate authority of the test's own (trusted by the checks through <c>TrustedRoots</c>, never
/// installed in the system) and the three server certificates the gateway cases need.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(IEnumerable<string> hosts)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=platform verify test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var names = hosts.ToList();
        Valid = Issue(names, TimeSpan.FromDays(89));
        ExpiringSoon = Issue(names, TimeSpan.FromDays(10));
        OtherName = Issue(["other.example"], TimeSpan.FromDays(89));
    }

    public X509Certificate2 Authority { get; }

    /// <summary>For every host, 89 days left (Let's Encrypt's 90 minus a day).</summary>
    public X509Certificate2 Valid { get; }

    /// <summary>For every host, 10 days left: renewal has been failing for weeks.</summary>
    public X509Certificate2 ExpiringSoon { get; }

    /// <summary>Trusted and current, but issued for another name.</summary>
    public X509Certificate2 OtherName { get; }

    public X509Certificate2Collection Roots => [Authority];

    private X509Certificate2 Issue(IReadOnlyList<string> hosts, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
            san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.Add(lifetime), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // SslStream on Linux wants a certificate whose key it can use: a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Valid.Dispose();
        ExpiringSoon.Dispose();
        OtherName.Dispose();
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Cli.Verify;

/// <summary>TLS as a browser judges it: the system's roots (plus a test CA when one is given) and the host name.</summary>
internal static class Tls
{
    /// <summary>The policy errors of a certificate, the chain rebuilt against <paramref name="extraRoots"/> when given.</summary>
    public static SslPolicyErrors Errors(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? extraRoots)
    {
        if (extraRoots is null || certificate is null || (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0)
            return errors;
        using var leaf = Certificate(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf) ? errors & ~SslPolicyErrors.RemoteCertificateChainErrors : errors;
    }

    public static X509Certificate2 Certificate(X509Certificate certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());

    public static string Describe(SslPolicyErrors errors) => errors switch
    {
        SslPolicyErrors.None => "trusted",
        _ => string.Join(", ", new[]
        {
            errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? "not issued for this host name" : null,
            errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? "not issued by a trusted authority (or expired)" : null,
            errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? "no certificate" : null,
        }.OfType<string>()),
    };
}

namespace Platform.Stacks.Tests.Scripts.Harness;

/// <summary>Test values shaped like what hosts receive.</summary>
public static class Fixtures
{
    /// <summary>A PEM block (a throwaway self-signed certificate's shape): base64 lines and a final newline.</summary>
    public const string Pem = """
        -----BEGIN CERTIFICATE-----
        MIIBhTCCASugAwIBAgIUQ2J1c3RlZCBieSB0aGUgdGVzdCBzdWl0ZTAKBggqhkjO
        PQQDAjAYMRYwFAYDVQQDDA10ZXN0LmludmFsaWQwHhcNMjYwMTAxMDAwMDAwWhcN
        -----END CERTIFICATE-----

        """;
}

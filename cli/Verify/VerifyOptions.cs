using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Cli.Verify;

/// <summary>How <c>verify</c> runs: which checks, where it asks, how long it waits.</summary>
public sealed record VerifyOptions
{
    public const string Dns = "dns", Storage = "storage", Gateway = "gateway", Vault = "vault", Backups = "backups";
    public static readonly IReadOnlyList<string> AllChecks = [Dns, Storage, Gateway, Vault, Backups];

    /// <summary>Where CI gives the backup bucket's read-only key (README, Delivery).</summary>
    public const string BackupKeyIdVariable = "VERIFY_BACKUPS_ACCESS_KEY_ID", BackupSecretVariable = "VERIFY_BACKUPS_SECRET_ACCESS_KEY";

    public IReadOnlySet<string> Checks { get; init; } = AllChecks.ToHashSet();

    /// <summary>Ask this nameserver instead of the zone's authoritative ones (before a cutover, or a local test zone).</summary>
    public IPEndPoint? Nameserver { get; init; }

    /// <summary>The longest any one check may take; past it the check fails, it never hangs.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The private key for SSH to the Vault host; without it the Vault check is skipped (never passed).</summary>
    public string? SshKey { get; init; }

    /// <summary>A read-only key of the backup bucket; without it the backups check is skipped (never passed).</summary>
    public S3Credentials? BackupCredentials { get; init; }

    /// <summary>curl's <c>--connect-to</c>: connect to another address for a host and port, keeping the name for TLS and HTTP.</summary>
    public ConnectTo ConnectTo { get; init; } = ConnectTo.None;

    /// <summary>How many checks run at once: all of them by default; 1 runs them one after the other (the benchmark's baseline).</summary>
    public int MaxConcurrency { get; init; } = int.MaxValue;

    /// <summary>Extra roots trusted for TLS besides the system's: only tests set it (their own CA).</summary>
    internal X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>The ssh client to run; tests put a labelled fake here.</summary>
    internal string SshProgram { get; init; } = "ssh";

    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    public bool Runs(string check) => Checks.Contains(check);
}

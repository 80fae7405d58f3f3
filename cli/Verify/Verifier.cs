using System.Diagnostics;

namespace Platform.Cli.Verify;

/// <summary>
/// Runs every probe of a stack concurrently, each under its own deadline (a check that does not answer
/// in time fails, it never hangs the run), and collects one line per probe in a stable order.
/// </summary>
public static class Verifier
{
    public static async Task<VerifyReport> Run(VerifyTargets targets, VerifyOptions options, Action<int, int>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        using var http = Http.Client(options);
        var probes = new List<Probe>();
        if (options.Runs(VerifyOptions.Dns))
            probes.AddRange(new DnsCheck(await DnsCheck.Nameservers(targets.Zone, options, ct), options.Timeout).Probes(targets.Records));
        if (options.Runs(VerifyOptions.Storage))
            probes.AddRange(new StorageCheck(http).Probes(targets.Buckets));
        if (options.Runs(VerifyOptions.Gateway))
            probes.AddRange(new GatewayCheck(http, options).Probes(targets.Gateway));
        if (options.Runs(VerifyOptions.Vault))
            probes.Add(new VaultCheck(options).Probe(targets.Vault));
        if (options.Runs(VerifyOptions.Backups))
            probes.AddRange(new BackupCheck(http, options).Probes(targets.Backups));

        var done = 0;
        using var gate = new SemaphoreSlim(Math.Clamp(options.MaxConcurrency, 1, Math.Max(1, probes.Count)));
        var results = await Task.WhenAll(probes.Select(async p =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await Guarded(p, options.Timeout, ct);
            }
            finally
            {
                gate.Release();
                progress?.Invoke(Interlocked.Increment(ref done), probes.Count);
            }
        }));
        return new VerifyReport(targets.Stack, results, clock.Elapsed, CloudflareRanges.Taken);
    }

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>A probe under its deadline: any exception or timeout becomes a failed line naming what it checked.</summary>
    private static async Task<CheckResult> Guarded(Probe p, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            // WaitAsync as well: a library that ignored the token still cannot hold the run much past the
            // deadline (the grace lets a check that honours it say what it was waiting for).
            return await p.Run(deadline.Token).WaitAsync(timeout + Grace, ct) with { ConfigKey = p.ConfigKey };
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            var why = e is TimeoutException { Message: var m } && !m.StartsWith("The operation", StringComparison.Ordinal) ? m : "no answer";
            return CheckResult.Fail(p.Check, p.What, p.Expected, $"{why} within {timeout.TotalSeconds:0.#} s (timed out)")
                with { ConfigKey = p.ConfigKey, Unreachable = p.Server };
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var (why, reached) = Http.Describe(e);
            return CheckResult.Fail(p.Check, p.What, p.Expected, reached ? why : $"unreachable: {why}")
                with { ConfigKey = p.ConfigKey, Unreachable = reached ? null : p.Server };
        }
    }
}

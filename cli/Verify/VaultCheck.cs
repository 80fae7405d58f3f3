using System.Diagnostics;
using System.Text.Json;

namespace Platform.Cli.Verify;

/// <summary>
/// Vault listens on the private network only (README "Vault"), so the check runs curl on the Vault host over SSH:
/// <c>/v1/sys/health</c> must say initialised and unsealed
/// (docs/sources/hoodcloud-production-checklist.txt "Vault initialized, unsealed"). The health endpoint is
/// unauthenticated: no token is sent or printed. Without <c>--ssh-key</c> the check is skipped and says so; it never
/// passes unchecked.
/// </summary>
internal sealed class VaultCheck(VerifyOptions options)
{
    public const string Expected = "initialized, unsealed";

    /// <summary>
    /// Vault answers 503 when sealed and 501 when uninitialised (and curl would print nothing useful with
    /// -f); these parameters make it answer 200 with the JSON in every state, so the state is read, not guessed.
    /// Vault's API docs, /sys/health (v1.18.x): default codes 200/429/472/473/501/503; standbyok,
    /// perfstandbyok, sealedcode, uninitcode; the body's "initialized" and "sealed".
    /// </summary>
    public const string HealthQuery = "?standbyok=true&perfstandbyok=true&sealedcode=200&uninitcode=200";

    public Probe Probe(VaultHealthTarget v)
    {
        var what = $"Vault {v.HealthUrl} on {v.HostName}";
        if (options.SshKey is null)
            return new Probe(VerifyOptions.Vault, what, Expected, _ => Task.FromResult(CheckResult.Skip(VerifyOptions.Vault, what, Expected,
                "skipped: Vault answers on the private network only; pass --ssh-key FILE to check it over SSH")));
        if (v.SshHost is null)
            return new Probe(VerifyOptions.Vault, what, Expected, _ => Task.FromResult(CheckResult.Skip(VerifyOptions.Vault, what, Expected,
                $"skipped: the public address of {v.HostName} is known only to Pulumi's state (no publicIp, no DNS-only A record points at it)")));
        return new Probe(VerifyOptions.Vault, what, Expected, ct => Check(v, what, ct)) { Server = $"{v.SshUser}@{v.SshHost} (ssh)" };
    }

    /// <summary>The ssh argument list: no shell on this side, the key by file, never a secret on the command line.</summary>
    public IReadOnlyList<string> SshArguments(VaultHealthTarget v) =>
    [
        "-i", options.SshKey!,
        "-o", "BatchMode=yes", // never prompt: a missing key is a failure, not a hang
        "-o", "IdentitiesOnly=yes",
        "-o", $"ConnectTimeout={Within(1 / 2.0)}",
        "-o", "StrictHostKeyChecking=accept-new",
        "-l", v.SshUser,
        v.SshHost!,
        $"curl -sS --max-time {Within(1 / 3.0)} --cacert {VaultHealthTarget.CaCertificate} '{v.HealthUrl}{HealthQuery}'",
    ];

    /// <summary>
    /// Whole seconds within a share of the check's deadline: ssh's connect limit and curl's limit end before
    /// the deadline does, so an unreachable host or a hung Vault is reported with ssh's or curl's own reason
    /// ("Connection timed out") rather than the bare deadline.
    /// </summary>
    private int Within(double share) => Math.Max(1, (int)(options.Timeout.TotalSeconds * share));

    private async Task<CheckResult> Check(VaultHealthTarget v, string what, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.SshProgram) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in SshArguments(v))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.SshProgram}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ssh to {v.SshUser}@{v.SshHost} did not finish");
        }
        var output = await stdout;
        var error = (await stderr).Trim();
        // ssh exits 255 for its own errors (ssh(1), EXIT STATUS): the host was not reached, or refused the key.
        if (process.ExitCode == 255)
            return CheckResult.Fail(VerifyOptions.Vault, what, Expected, $"ssh {v.SshUser}@{v.SshHost} exited 255: {LastLine(error, "no message")}")
                with { Unreachable = $"{v.SshUser}@{v.SshHost} (ssh)" };
        if (process.ExitCode != 0)
            return CheckResult.Fail(VerifyOptions.Vault, what, Expected,
                $"ssh {v.SshUser}@{v.SshHost} exited {process.ExitCode}: {LastLine(error, "no message")}");
        return Judge(what, output);
    }

    /// <summary>Reads <c>/v1/sys/health</c>'s JSON (Vault's API docs: initialized, sealed, standby, version).</summary>
    internal static CheckResult Judge(string what, string json)
    {
        bool? initialized, @sealed;
        string version;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            initialized = root.TryGetProperty("initialized", out var i) && i.ValueKind is JsonValueKind.True or JsonValueKind.False ? i.GetBoolean() : null;
            @sealed = root.TryGetProperty("sealed", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
            version = root.TryGetProperty("version", out var ver) ? $", version {ver}" : "";
        }
        catch (JsonException)
        {
            return CheckResult.Fail(VerifyOptions.Vault, what, Expected, $"not Vault's health JSON: {LastLine(json, "empty answer")}");
        }
        if (initialized is null || @sealed is null)
            return CheckResult.Fail(VerifyOptions.Vault, what, Expected, $"not Vault's health JSON (no initialized/sealed): {LastLine(json, "{}")}");
        var found = $"{(initialized.Value ? "initialized" : "NOT initialized")}, {(@sealed.Value ? "SEALED" : "unsealed")}{version}";
        if (!initialized.Value)
            return CheckResult.Fail(VerifyOptions.Vault, what, Expected, $"{found}: the bootstrap has not run (pulumi up runs vault operator init once)");
        if (@sealed.Value)
            return CheckResult.Fail(VerifyOptions.Vault, what, Expected, $"{found}: nothing can read a secret; the operators unseal it (vault operator unseal, threshold shares)");
        return CheckResult.Pass(VerifyOptions.Vault, what, Expected, found);
    }

    private static string LastLine(string text, string otherwise)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line is null ? otherwise : line.Length > 200 ? line[..200] + "…" : line;
    }
}

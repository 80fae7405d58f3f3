using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Platform.Cli.Verify;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Cli.Verbs;

/// <summary>
/// <c>verify STACK</c>: the one verb that talks to the live platform. Runs the documents' post-deploy
/// checklists against the plan (README "Verification"). Exit 0 all passed, 1 one failed, 2 it cannot run.
/// </summary>
public static class VerifyVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var nameserver = new Option<string?>("--nameserver") { Description = "ask this nameserver instead of the zone's NS records", HelpName = "HOST[:PORT]" };
        var only = new Option<string?>("--only") { Description = "run these checks only", HelpName = string.Join(",", VerifyOptions.AllChecks) };
        var timeout = new Option<string?>("--timeout") { Description = "the longest one check may take (default 10)", HelpName = "SECONDS" };
        var sshKey = new Option<string?>("--ssh-key") { Description = "key for SSH to the Vault host (without it the Vault check is skipped)", HelpName = "FILE" };
        var backupCredentials = new Option<string?>("--backup-credentials")
        {
            Description = $"a read-only key of the backup bucket, as `pulumi stack output backups:readCredentials --show-secrets --json` prints it " +
                $"(or set {VerifyOptions.BackupKeyIdVariable} and {VerifyOptions.BackupSecretVariable}; without either the backups check is skipped)",
            HelpName = "FILE",
        };
        var connectTo = new Option<string[]>("--connect-to") { Description = "connect to ADDR:PORT for HOST:PORT, as curl does (repeatable)", HelpName = "HOST:PORT:ADDR:PORT" };
        var sequential = new Option<bool>("--sequential") { Description = "one check after the other (to compare with the concurrent run)" };
        var command = new Command("verify",
            "the live platform against the plan: DNS at the authoritative nameservers, bucket CORS preflights, gateway health, " +
            "redirect and certificate, Vault sealed state, backups younger than 26 h (exit 0 passed, 1 failed, 2 cannot run or reach a check's server)")
        {
            stack, nameserver, only, timeout, sshKey, backupCredentials, connectTo, sequential,
        };
        var output = OutputOption.For(command);
        command.SetAction(r =>
        {
            var (stdout, stderr) = (Shared.Out(r), Shared.Err(r));
            try
            {
                var options = new VerifyOptions { ConnectTo = new ConnectTo((r.GetValue(connectTo) ?? []).Select(ConnectToRule).ToList()) };
                if (r.GetValue(nameserver) is { } ns) options = options with { Nameserver = Endpoint(ns) };
                if (r.GetValue(only) is { } checks) options = options with { Checks = Checks(checks) };
                if (r.GetValue(timeout) is { } seconds) options = options with { Timeout = Timeout(seconds) };
                if (r.GetValue(sshKey) is { } key)
                    options = options with { SshKey = File.Exists(key) ? Path.GetFullPath(key) : throw new UsageException($"--ssh-key: no file '{key}'.") };
                if (r.GetValue(sequential)) options = options with { MaxConcurrency = 1 };
                options = options with { BackupCredentials = BackupCredentials(r.GetValue(backupCredentials)) };

                var name = r.GetRequiredValue(stack);
                var (settings, problems) = Validation.Load(StackFile.Load(Shared.Dir(r), name));
                if (problems.Count > 0)
                {
                    stderr.WriteLine($"error: {name} has {problems.Count} config problem(s), so there is no plan to verify against: run `validate {name}`.");
                    return CommandLine.Unusable;
                }
                var targets = VerifyTargets.From(PlanBuilder.Build(settings), settings);
                var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
                var report = Verifier.Run(targets, options, interactive ? Progress(stdout, name) : null).GetAwaiter().GetResult();
                if (interactive)
                    stdout.Write("\r\u001b[K");
                if (report.Checks.Count > 0 || output.Get(r) != OutputFormat.Text)
                    stdout.Write(output.Get(r) switch
                    {
                        OutputFormat.Json => report.ToJson(),
                        OutputFormat.Markdown => report.ToMarkdown(),
                        _ => report.ToText(),
                    });
                foreach (var unreachable in report.CannotReach)
                    stderr.WriteLine($"error: {unreachable}");
                return report.ExitCode;
            }
            catch (CannotVerifyException e)
            {
                stderr.WriteLine($"error: cannot verify: {e.Message}");
                return CommandLine.Unusable;
            }
        });
        return command;
    }

    /// <summary>
    /// The backup bucket's read-only key from a file (the stack output as JSON) or the environment. A message names
    /// the file or the variable, never a value: a key must not reach a log.
    /// </summary>
    private static S3Credentials? BackupCredentials(string? file)
    {
        if (file is null)
        {
            var (id, secret) = (Environment.GetEnvironmentVariable(VerifyOptions.BackupKeyIdVariable), Environment.GetEnvironmentVariable(VerifyOptions.BackupSecretVariable));
            if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret)) return null;
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
                throw new UsageException($"set both {VerifyOptions.BackupKeyIdVariable} and {VerifyOptions.BackupSecretVariable}, or neither.");
            return new(id, secret);
        }
        if (!File.Exists(file)) throw new UsageException($"--backup-credentials: no file '{file}'.");
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            string Field(string name) => json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String
                && v.GetString() is { Length: > 0 } s ? s : throw new UsageException($"--backup-credentials: '{file}' has no \"{name}\" (expected the JSON of `pulumi stack output backups:readCredentials --show-secrets --json`).");
            return new(Field("accessKeyId"), Field("secretAccessKey"));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new UsageException($"--backup-credentials: '{file}' is not JSON (expected the output of `pulumi stack output backups:readCredentials --show-secrets --json`).");
        }
    }

    private static Action<int, int> Progress(TextWriter stdout, string stack)
    {
        var gate = new object();
        return (done, total) => { lock (gate) stdout.Write($"\r  verifying {stack}: {done}/{total} checks done"); };
    }

    private static ((string, int), (string, int)) ConnectToRule(string text)
    {
        try { return ConnectTo.Parse(text); }
        catch (FormatException e) { throw new UsageException($"--connect-to: {e.Message}"); }
    }

    private static IPEndPoint Endpoint(string text)
    {
        var m = Regex.Match(text, @"^(?:\[(?<host>[0-9a-fA-F:.]+)\]|(?<host>[^:]+))(?::(?<port>\d{1,5}))?$");
        if (!m.Success || (m.Groups["port"].Success && int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture) is < 1 or > 65535))
            throw new UsageException($"--nameserver: '{text}' is not HOST[:PORT] (for example 127.0.0.1:5353, [::1]:53, elmo.ns.cloudflare.com).");
        var port = m.Groups["port"].Success ? int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture) : 53;
        var host = m.Groups["host"].Value;
        if (IPAddress.TryParse(host, out var address))
            return new IPEndPoint(address, port);
        try
        {
            return new IPEndPoint(System.Net.Dns.GetHostAddresses(host).First(), port);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new CannotVerifyException($"--nameserver: cannot resolve '{host}': {e.Message}");
        }
    }

    private static IReadOnlySet<string> Checks(string text)
    {
        var checks = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var unknown = checks.Except(VerifyOptions.AllChecks).ToList();
        if (checks.Count == 0 || unknown.Count > 0)
            throw new UsageException($"--only: unknown check(s) {string.Join(", ", unknown.DefaultIfEmpty("(none given)"))}; choose from {string.Join(",", VerifyOptions.AllChecks)}.");
        return checks;
    }

    private static TimeSpan Timeout(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 600
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException($"--timeout: '{text}' is not a number of seconds between 0 and 600.");
}

using System.Net;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;
using Platform.Stacks.Verify;

namespace Platform.Stacks.Cli;

/// <summary>
/// <c>verify STACK</c>: the one verb that talks to the live platform. Runs the documents' post-deploy
/// checklists against the plan (DESIGN "Offline command line"). Exit 0 all passed, 1 one failed, 2 it cannot run.
/// </summary>
public static class VerifyCommand
{
    public const string Usage = """
          verify STACK [options]              the live platform against the plan: DNS at the authoritative
                                              nameservers, bucket CORS preflights, gateway health, redirect and
                                              certificate, Vault sealed state (exit 0 passed, 1 failed, 2 cannot run)
            --nameserver HOST[:PORT]          ask this nameserver instead of the zone's NS records
            --only dns,storage,gateway,vault  run these checks only
            --json | --markdown               the report as JSON, or as a Markdown table (CI job summaries)
            --timeout SECONDS                 the longest one check may take (default 10)
            --ssh-key FILE                    key for SSH to the Vault host (without it the Vault check is skipped)
            --connect-to HOST:PORT:ADDR:PORT  connect to ADDR:PORT for HOST:PORT, as curl does (repeatable)
            --sequential                      one check after the other (to compare with the concurrent run)
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help" or "-h"])
        {
            stdout.WriteLine($"usage: dotnet run --project stacks --\n{Usage}");
            return 0;
        }
        try
        {
            var (stack, dir, format, options) = Parse(args);
            var (settings, problems) = Validation.Load(StackFile.Load(dir, stack));
            if (problems.Count > 0)
            {
                stderr.WriteLine($"error: {stack} has {problems.Count} config problem(s), so there is no plan to verify against: run `validate {stack}`.");
                return 2;
            }
            var targets = VerifyTargets.From(PlanBuilder.Build(settings), settings);
            var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var report = Verifier.Run(targets, options, interactive ? Progress(stdout, stack) : null).GetAwaiter().GetResult();
            if (interactive)
                stdout.Write("\r\u001b[K");
            stdout.Write(format switch { "--json" => report.ToJson(), "--markdown" => report.ToMarkdown(), _ => report.ToText() });
            return report.ExitCode;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("usage: dotnet run --project stacks --");
            stderr.WriteLine(Usage);
            return 2;
        }
        catch (Exception e) when (e is ConfigException or CannotVerifyException or IOException)
        {
            stderr.WriteLine($"error: cannot verify: {e.Message}");
            return 2;
        }
    }

    private static Action<int, int> Progress(TextWriter stdout, string stack)
    {
        var gate = new object();
        return (done, total) => { lock (gate) stdout.Write($"\r  verifying {stack}: {done}/{total} checks done"); };
    }

    internal static (string Stack, string Dir, string Format, VerifyOptions Options) Parse(string[] args)
    {
        string? stack = null, dir = null, format = "text";
        var options = new VerifyOptions();
        var connectTo = new List<((string, int), (string, int))>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--nameserver": options = options with { Nameserver = Endpoint(Value()) }; break;
                case "--only": options = options with { Checks = Checks(Value()) }; break;
                case "--timeout": options = options with { Timeout = Timeout(Value()) }; break;
                case "--ssh-key":
                    var key = Value();
                    options = options with { SshKey = File.Exists(key) ? Path.GetFullPath(key) : throw new UsageException($"--ssh-key: no file '{key}'.") };
                    break;
                case "--connect-to":
                    try { connectTo.Add(ConnectTo.Parse(Value())); }
                    catch (FormatException e) { throw new UsageException($"--connect-to: {e.Message}"); }
                    break;
                case "--sequential": options = options with { MaxConcurrency = 1 }; break;
                case "--dir": dir = Value(); break;
                case "--json" or "--markdown" when format == "text": format = args[i]; break;
                case "--json" or "--markdown": throw new UsageException("choose one of --json and --markdown.");
                case var a when a.StartsWith("--", StringComparison.Ordinal): throw new UsageException($"unknown option '{a}' for verify.");
                case var a when stack is null: stack = a; break;
                case var a: throw new UsageException($"unexpected argument '{a}': verify takes one STACK.");
            }
        }
        return (stack ?? throw new UsageException("missing STACK."), dir ?? Options.FindProject(Directory.GetCurrentDirectory()), format,
            options with { ConnectTo = new ConnectTo(connectTo) });
    }

    private static IPEndPoint Endpoint(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, @"^(?:\[(?<host>[0-9a-fA-F:.]+)\]|(?<host>[^:]+))(?::(?<port>\d{1,5}))?$");
        if (!m.Success || (m.Groups["port"].Success && int.Parse(m.Groups["port"].Value) is < 1 or > 65535))
            throw new UsageException($"--nameserver: '{text}' is not HOST[:PORT] (for example 127.0.0.1:5353, [::1]:53, elmo.ns.cloudflare.com).");
        var port = m.Groups["port"].Success ? int.Parse(m.Groups["port"].Value) : 53;
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
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 600
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException($"--timeout: '{text}' is not a number of seconds between 0 and 600.");
}

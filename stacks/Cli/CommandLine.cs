using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cli;

/// <summary>
/// The offline command line: plan, validate, promote. Needs no credentials and no Pulumi CLI, which is
/// what makes review possible where secrets are not available (forked pull requests).
/// Exit codes: 0 ok, 1 the stack has problems (or promote found differences with --check), 2 usage or unreadable input.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        usage: dotnet run --project stacks -- <command> [options]

          plan STACK [--json | --mermaid]     what the stack declares (tree by default)
          validate STACK                      every problem of the stack's config, with its key
          promote FROM TO [--write]           what TO would change taking FROM's promotable values
          secrets STACK                       the secure config keys the stack needs
          scripts STACK DIR                   writes every script the stack runs on a host into DIR

        options:
          --dir DIR                           folder with Pulumi.yaml (default: found from the current folder up)
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var options = Options.Parse(args);
            return options.Command switch
            {
                "plan" => Plan(options, stdout, stderr),
                "validate" => Validate(options, stdout, stderr),
                "promote" => Promote(options, stdout),
                "secrets" => Secrets(options, stdout, stderr),
                "scripts" => Scripts(options, stdout, stderr),
                "help" or "--help" or "-h" => Help(stdout),
                _ => throw new UsageException($"unknown command '{options.Command}'."),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine(Usage);
            return 2;
        }
        catch (ConfigException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static int Help(TextWriter stdout) { stdout.WriteLine(Usage); return 0; }

    private static (StackSettings, IReadOnlyList<Problem>) Load(Options o, int index)
    {
        var stack = o.Positional(index, "STACK");
        return Validation.Load(StackFile.Load(o.ProjectDir, stack));
    }

    private static int Plan(Options o, TextWriter stdout, TextWriter stderr)
    {
        var (settings, problems) = Load(o, 0);
        if (problems.Count > 0)
            return Report(settings.Stack, problems, stderr);
        Notices(settings, stderr);
        var plan = PlanBuilder.Build(settings);
        stdout.Write(o.Has("--json") ? JsonPlan.Write(plan) : o.Has("--mermaid") ? MermaidPlan.Write(plan, settings) : TreePlan.Write(plan));
        return 0;
    }

    private static int Validate(Options o, TextWriter stdout, TextWriter stderr)
    {
        var (settings, problems) = Load(o, 0);
        if (problems.Count > 0)
            return Report(settings.Stack, problems, stderr);
        stdout.WriteLine($"{settings.Stack}: valid ({PlanBuilder.Build(settings).Resources.Count} resources planned).");
        Notices(settings, stderr);
        return 0;
    }

    /// <summary>Things to do before the first deployment that are not errors (see <see cref="Adoption"/>).</summary>
    private static void Notices(StackSettings settings, TextWriter stderr)
    {
        foreach (var notice in Adoption.Pending(settings))
            stderr.WriteLine($"notice: {notice}");
    }

    /// <summary>Lists the secure keys the stack needs and their state; exits 1 when one is missing or plain text.</summary>
    private static int Secrets(Options o, TextWriter stdout, TextWriter stderr)
    {
        var (settings, _) = Load(o, 0);
        var incomplete = false;
        foreach (var (key, purpose) in Credentials.Required(settings))
        {
            var state = settings.Secrets.TryGetValue(key, out var s)
                ? s switch { SecretState.Secure => "secure", SecretState.Unset => "not set", _ => "PLAIN TEXT" }
                : "missing";
            incomplete |= state != "secure";
            stdout.WriteLine($"{key,-36} {state,-10} {purpose}");
        }
        if (incomplete)
            stderr.WriteLine($"set each key that is not 'secure' with: pulumi config set --secret --stack {settings.Stack} <key>");
        return incomplete ? 1 : 0;
    }

    private static int Promote(Options o, TextWriter stdout)
    {
        var from = StackFile.Load(o.ProjectDir, o.Positional(0, "FROM"));
        var toStack = o.Positional(1, "TO");
        var toPath = Path.Combine(o.ProjectDir, $"Pulumi.{toStack}.yaml");
        if (!File.Exists(toPath))
            throw new ConfigException($"unknown stack '{toStack}': {toPath} does not exist.");
        var promotion = Promotion.Compute(File.ReadAllText(from.Path), from.Path, File.ReadAllText(toPath), toPath);
        stdout.Write(promotion.Describe(from.StackName, toStack));
        if (o.Has("--write") && promotion.Changes.Count > 0)
        {
            File.WriteAllText(toPath, promotion.Result);
            stdout.WriteLine($"wrote {toPath}: review it with git diff, then commit.");
        }
        return 0;
    }

    private static int Scripts(Options o, TextWriter stdout, TextWriter stderr)
    {
        var (settings, problems) = Load(o, 0);
        return problems.Count > 0
            ? Report(settings.Stack, problems, stderr)
            : ScriptsCommand.Write(PlanBuilder.Build(settings), o.Positional(1, "DIR"), stdout);
    }

    private static int Report(string stack, IReadOnlyList<Problem> problems, TextWriter stderr)
    {
        stderr.WriteLine($"{stack}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was planned:");
        foreach (var p in problems)
            stderr.WriteLine($"  - {p}");
        return 1;
    }
}

public sealed class UsageException(string message) : Exception(message);

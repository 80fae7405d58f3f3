using System.CommandLine;
using Platform.Stacks.Cli.Verbs;
using Platform.Stacks.Config;

namespace Platform.Stacks.Cli;

/// <summary>
/// The offline command line (System.CommandLine): one class per verb in <c>Cli/Verbs/</c>, listed once in
/// <see cref="AllVerbs"/>. Needs no credentials and no Pulumi CLI, which is what makes review possible where
/// secrets are not available (forked pull requests).
/// Exit codes: 0 ok, 1 the stack has problems (or, for diff, changes), 2 usage or unreadable input (always one message, never a stack trace).
/// </summary>
public static class CommandLine
{
    public const int Ok = 0, Problems = 1, Unusable = 2;

    /// <summary>
    /// Every verb, in the order help lists them. Adding a verb: a class in Cli/Verbs/ with a
    /// <c>static Command Create()</c> (see <see cref="PlanVerb"/>), and one entry here.
    /// </summary>
    private static readonly Func<Command>[] AllVerbs =
    [
        PlanVerb.Create,
        ValidateVerb.Create,
        PromoteVerb.Create,
        SecretsVerb.Create,
        AdoptVerb.Create,
        ScriptsVerb.Create,
        VerifyVerb.Create,
        DiffVerb.Create,
    ];

    public static RootCommand Root()
    {
        var root = new RootCommand("The platform's offline command line: plan, check and adopt a stack without credentials.");
        root.Options.Add(Shared.ProjectDir);
        foreach (var verb in AllVerbs)
            root.Subcommands.Add(verb());
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = Root().Parse(args);
        if (parsed.Errors.Count > 0)
            return UsageError(parsed, parsed.Errors.Select(e => e.Message), stderr);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e) { return UsageError(parsed, [e.Message], stderr); }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Unusable;
        }
    }

    /// <summary>Every parse error, then the help of the verb the operator was typing (or of the whole tool), on stderr.</summary>
    private static int UsageError(ParseResult parsed, IEnumerable<string> messages, TextWriter stderr)
    {
        foreach (var message in messages)
            stderr.WriteLine($"error: {message}");
        stderr.WriteLine();
        var verb = parsed.CommandResult.Command;
        string[] help = verb is RootCommand ? ["--help"] : [verb.Name, "--help"];
        Root().Parse(help).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
        return Unusable;
    }
}

/// <summary>A mistake in how the command was called that only the verb can see (two exclusive flags, say).</summary>
public sealed class UsageException(string message) : Exception(message);

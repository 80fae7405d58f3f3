using System.CommandLine;
using System.CommandLine.Parsing;
using Platform.Cli.Verbs;
using Platform.Stacks.Config;

namespace Platform.Cli;

/// <summary>
/// The offline command line (System.CommandLine): one class per verb in <c>Cli/Verbs/</c>, listed once in
/// <see cref="AllVerbs"/>. Needs no credentials and no Pulumi CLI, which is what makes review possible where
/// secrets are not available (forked pull requests).
/// Exit codes, the same on every verb (README "Exit codes"): 0 ok, 1 problems found or changes pending,
/// 2 it cannot run (usage, unreadable input, unreachable server): always one message, never a stack trace.
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

    public static RootCommand Root() => Root(AllVerbs.Select(create => create()));

    private static RootCommand Root(IEnumerable<Command> verbs)
    {
        var root = new RootCommand("The platform's offline command line: plan, check and adopt a stack without credentials.");
        root.Options.Add(Shared.ProjectDir);
        foreach (var verb in verbs)
            root.Subcommands.Add(verb);
        return root;
    }

    /// <summary>
    /// The root with only the verb the arguments start with, when they do: building every verb's options is a
    /// tenth of a warm <c>./platform plan</c> (README "Building", measured), and parsing one verb needs only its own.
    /// Anything else (no verb, an option first, a misspelling, help of the whole tool) gets every verb.
    /// </summary>
    private static RootCommand RootFor(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-')
        && AllVerbs.Select(create => create()).FirstOrDefault(v => v.Name == args[0]) is { } verb
            ? Root([verb])
            : Root();

    /// <summary>What is wrong with a command line, without running it (empty when it would run): the README's test.</summary>
    internal static IReadOnlyList<string> Check(string[] args) => Mistakes.Of(RootFor(args).Parse(args), args).Messages;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = RootFor(args).Parse(args);
        var (messages, showHelp) = Mistakes.Of(parsed, args);
        if (messages.Count > 0)
            return UsageError(parsed, messages, showHelp, stderr);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e) { return UsageError(parsed, [e.Message], true, stderr); }
        catch (Exception e) when (e is ConfigException or CannotRunException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Unusable;
        }
    }

    /// <summary>Every mistake, then the help of the verb the operator was typing (or a pointer to it), on stderr.</summary>
    private static int UsageError(ParseResult parsed, IEnumerable<string> messages, bool showHelp, TextWriter stderr)
    {
        foreach (var message in messages)
            stderr.WriteLine($"error: {message}");
        var verb = parsed.CommandResult.Command;
        string[] help = verb is RootCommand ? ["--help"] : [verb.Name, "--help"];
        stderr.WriteLine();
        if (showHelp)
            Root().Parse(help).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
        else
            stderr.WriteLine($"`{Name} {string.Join(" ", help)}` tells every verb and option.");
        return Unusable;
    }

    /// <summary>The program's name as the operator types it (<c>./platform</c> runs it): the usage lines say the same.</summary>
    public static string Name => "platform";
}

/// <summary>
/// What System.CommandLine's parse errors do not say well, said better: an unknown option is an error even where
/// the parser would have taken it as an argument (<c>plan --stack production</c> would plan a stack named
/// "--stack"), and a misspelled verb, option or stack gets a suggestion.
/// </summary>
internal static class Mistakes
{
    /// <param name="args">The command line as typed: a value given as <c>--option=VALUE</c> is that option's, never an option itself.</param>
    public static (List<string> Messages, bool ShowHelp) Of(ParseResult parsed, IReadOnlyList<string>? args = null)
    {
        var messages = new List<string>();
        var command = parsed.CommandResult.Command;
        var unknownOptions = UnknownOptions(parsed, args ?? []).ToList();
        foreach (var token in unknownOptions)
            messages.Add(UnknownOption(token, command, parsed));

        var unmatched = parsed.UnmatchedTokens.Where(t => !unknownOptions.Contains(t)).ToList();
        var unknownVerb = command is RootCommand && unmatched.Count > 0;
        if (unknownVerb)
            messages.Add(UnknownVerb(unmatched[0], (RootCommand)command, parsed));
        else if (unknownOptions.Count == 0) // else the option took an argument's place, and the argument is left over
            messages.AddRange(unmatched.Select(t => $"unexpected argument '{t}': {command.Name} takes {Arguments(command)}."));

        // The parser's own errors, less those said better above (an unmatched token is one of ours now).
        messages.AddRange(parsed.Errors.Select(e => e.Message).Where(m =>
            !m.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)
            && !(unknownVerb && m.StartsWith("Required command was not provided", StringComparison.Ordinal))));
        // A suggestion says what to type; the whole help after it would bury it.
        var suggested = messages.Any(m => m.Contains("Did you mean", StringComparison.Ordinal));
        return (messages, !suggested);
    }

    /// <summary>Tokens that look like options (<c>-x</c>, <c>--word</c>) but are none of the verb's, before any <c>--</c>.</summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parsed, IReadOnlyList<string> args)
    {
        // `--base=--help` is the value "--help" of --base, however it looks (review A13).
        var attached = args.TakeWhile(a => a != "--").Where(a => a.StartsWith('-') && a.Contains('=')).Select(a => a[(a.IndexOf('=') + 1)..]).ToList();
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) yield break;
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && (char.IsLetter(token.Value[1]) || token.Value[1] == '-'))
            {
                if (attached.Remove(token.Value)) continue;
                yield return token.Value;
            }
        }
    }

    private static string UnknownOption(string token, Command command, ParseResult parsed)
    {
        var name = token.Split('=')[0];
        var stackArgument = command.Arguments.FirstOrDefault(a => a.Name is "STACK" or "FROM");
        if (stackArgument is not null && name.TrimStart('-') is "stack" or "s")
        {
            var next = parsed.Tokens.SkipWhile(t => t.Value != token).Skip(1).FirstOrDefault()?.Value ?? stackArgument.Name;
            return $"unknown option '{name}': the stack is an argument, not an option: {CommandLine.Name} {command.Name} {next}";
        }
        var options = command.Options.Concat(parsed.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-'));
        return $"unknown option '{name}' for {command.Name}.{Suggestions.DidYouMean(name, options)}";
    }

    private static string UnknownVerb(string token, RootCommand root, ParseResult parsed)
    {
        var verbs = root.Subcommands.Select(c => c.Name).ToList();
        if (token.StartsWith('-'))
            return $"unknown option '{token}'.{Suggestions.DidYouMean(token, root.Options.SelectMany(o => o.Aliases.Prepend(o.Name)))}";
        var stacks = Shared.KnownStacks(parsed);
        if (stacks.Contains(token))
            return $"'{token}' is a stack, not a verb: every verb comes first. Did you mean '{CommandLine.Name} plan {token}'?";
        return $"unknown verb '{token}'.{Suggestions.DidYouMean(token, verbs)} The verbs: {string.Join(", ", verbs)}.";
    }

    private static string Arguments(Command command) =>
        command.Arguments.Count == 0 ? "no arguments" : string.Join(" ", command.Arguments.Select(a => a.Name));
}

/// <summary>A mistake in how the command was called that only the verb can see (two exclusive flags, say).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The verb cannot run with what it was given (a folder it must not write into, a server it cannot reach): exit 2, one line.</summary>
public sealed class CannotRunException(string message) : Exception(message);

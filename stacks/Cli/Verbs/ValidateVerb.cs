using System.CommandLine;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cli.Verbs;

/// <summary><c>validate STACK</c>: every problem of the stack's config at once, each with its key; exit 1 when there is one.</summary>
public static class ValidateVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var verbose = Shared.Verbose();
        var command = new Command("validate", "every problem of the stack's config, with its key (exit 1 when there is one)") { stack, verbose };
        command.SetAction(r =>
        {
            var (settings, problems) = Shared.Load(r, stack);
            if (problems.Count > 0)
                return Shared.Report(settings.Stack, problems, Shared.Err(r));
            Shared.Out(r).WriteLine($"{settings.Stack}: valid ({PlanBuilder.Build(settings).Resources.Count} resources planned).");
            Shared.Notices(settings, Shared.Err(r), r.GetValue(verbose));
            return CommandLine.Ok;
        });
        return command;
    }
}

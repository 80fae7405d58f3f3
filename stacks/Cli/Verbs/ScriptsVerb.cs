using System.CommandLine;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cli.Verbs;

/// <summary>
/// <c>scripts STACK DIR</c>: every script the stack runs on a host (and on the deploy runner), one file per
/// command named after its logical name, so a reviewer reads exactly what will run (<see cref="ScriptsCommand"/>).
/// </summary>
public static class ScriptsVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var dir = new Argument<string>("DIR") { Description = "the folder to write the scripts into (created when missing)" };
        var command = new Command("scripts", "writes every script the stack runs on a host into DIR, one file per command, inputs named in a header (never their values)")
        {
            stack, dir,
        };
        command.SetAction(r =>
        {
            var (settings, problems) = Shared.Load(r, stack);
            return problems.Count > 0
                ? Shared.Report(settings.Stack, problems, Shared.Err(r))
                : ScriptsCommand.Write(PlanBuilder.Build(settings), r.GetRequiredValue(dir), Shared.Out(r));
        });
        return command;
    }
}

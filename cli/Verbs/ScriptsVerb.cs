using System.CommandLine;
using Platform.Stacks.Plan;

namespace Platform.Cli.Verbs;

/// <summary>
/// <c>scripts STACK DIR</c>: every script the stack runs on a host (and on the deploy runner), one file per
/// command named after its logical name, so a reviewer reads exactly what will run (<see cref="ScriptsCommand"/>).
/// </summary>
public static class ScriptsVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var dir = new Argument<string>("DIR") { Description = "the folder to write the scripts into: new, empty, or this stack's previous output (replaced)" };
        var command = new Command("scripts", "writes every script the stack runs on a host into DIR, one file per command, inputs named in a header (never their values)")
        {
            stack, dir,
        };
        var output = OutputOption.For(command);
        command.SetAction(r =>
        {
            var format = output.Get(r);
            var (settings, problems) = Shared.Load(r, stack);
            if (problems.Count > 0)
                return Shared.Report(r, format, "scripts", settings.Stack, problems);
            var written = ScriptsCommand.Write(PlanBuilder.Build(settings), r.GetRequiredValue(dir));
            Shared.Out(r).Write(format switch
            {
                OutputFormat.Json => ScriptsCommand.Json(settings.Stack, written),
                OutputFormat.Markdown => ScriptsCommand.Markdown(settings.Stack, written),
                _ => ScriptsCommand.Text(written),
            });
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using Platform.Stacks.Adoption;
using Platform.Stacks.Plan;

namespace Platform.Cli.Verbs;

/// <summary>
/// <c>plan STACK [-o text|json|markdown|mermaid]</c>: what the stack declares. The model of a verb: a command with
/// its arguments and options, and an action that returns the exit code (<see cref="CommandLine.Ok"/>, …).
/// </summary>
public static class PlanVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var verbose = Shared.Verbose();
        var command = new Command("plan", "what the stack declares: resources by component with their key inputs; -o json for diffs, -o mermaid for the topology") { stack, verbose };
        var output = OutputOption.For(command, OutputFormat.Mermaid);
        command.SetAction(r =>
        {
            var format = output.Get(r);
            var (settings, problems) = Shared.Load(r, stack);
            if (problems.Count > 0)
                return Shared.Report(r, format, "plan", settings.Stack, problems);
            Shared.Notices(settings, Shared.Err(r), r.GetValue(verbose));
            var plan = PlanBuilder.Build(settings);
            Shared.Out(r).Write(format switch
            {
                OutputFormat.Json => JsonPlan.Write(plan, PendingAdoption.Notices(settings)),
                OutputFormat.Markdown => MarkdownPlan.Write(plan),
                OutputFormat.Mermaid => MermaidPlan.Write(plan, settings),
                _ => TreePlan.Write(plan),
            });
            return CommandLine.Ok;
        });
        return command;
    }
}

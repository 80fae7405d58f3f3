using System.CommandLine;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cli.Verbs;

/// <summary>
/// <c>plan STACK [--json | --mermaid]</c>: what the stack declares. The model of a verb: a command with its
/// arguments and options, and an action that returns the exit code (<see cref="CommandLine.Ok"/>, …).
/// </summary>
public static class PlanVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var json = new Option<bool>("--json") { Description = "stable JSON, for diffs in review (each script by its SHA-256)" };
        var mermaid = new Option<bool>("--mermaid") { Description = "the topology as a Mermaid graph" };
        var verbose = Shared.Verbose();
        var command = new Command("plan", "what the stack declares: a tree of resources by component (default)") { stack, json, mermaid, verbose };
        command.Validators.Add(r =>
        {
            if (r.GetValue(json) && r.GetValue(mermaid))
                r.AddError("choose one of --json and --mermaid.");
        });
        command.SetAction(r =>
        {
            var (settings, problems) = Shared.Load(r, stack);
            if (problems.Count > 0)
                return Shared.Report(settings.Stack, problems, Shared.Err(r));
            Shared.Notices(settings, Shared.Err(r), r.GetValue(verbose));
            var plan = PlanBuilder.Build(settings);
            Shared.Out(r).Write(r.GetValue(json) ? JsonPlan.Write(plan, Adoption.Pending(settings)) : r.GetValue(mermaid) ? MermaidPlan.Write(plan, settings) : TreePlan.Write(plan));
            return CommandLine.Ok;
        });
        return command;
    }
}

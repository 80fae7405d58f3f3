using System.CommandLine;
using Platform.Stacks.Adoption;
using Platform.Stacks.Plan;

namespace Platform.Cli.Verbs;

/// <summary><c>validate STACK</c>: every problem of the stack's config at once, each with its key; exit 1 when there is one.</summary>
public static class ValidateVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var verbose = Shared.Verbose();
        var command = new Command("validate", "every problem of the stack's config, with its key (exit 1 when there is one)") { stack, verbose };
        var output = OutputOption.For(command);
        command.SetAction(r =>
        {
            var format = output.Get(r);
            var (settings, problems) = Shared.Load(r, stack);
            if (problems.Count > 0)
                return Shared.Report(r, format, "validate", settings.Stack, problems);
            var plan = PlanBuilder.Build(settings);
            Shared.Out(r).Write(format switch
            {
                OutputFormat.Json => JsonOutput.Write("validate", settings.Stack, CommandLine.Ok, w =>
                {
                    JsonPlan.WriteTotals(w, plan);
                    JsonOutput.WriteProblems(w, []);
                    Notices.WriteJson(w, PendingAdoption.Notices(settings));
                }),
                OutputFormat.Markdown => $"### {settings.Stack}: valid\n\nplanned: {PlanTotals.Of(plan)}.\n",
                _ => $"{settings.Stack}: valid; planned: {PlanTotals.Of(plan)}.\n",
            });
            Shared.Notices(settings, Shared.Err(r), r.GetValue(verbose));
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using Platform.Cli.Diff;
using Platform.Stacks.Config;

namespace Platform.Cli.Verbs;

/// <summary>
/// <c>diff STACK --base REF|DIR [--output text|json|markdown]</c>: the plan of the stack at the base against the
/// working tree's, resource by resource, with what <c>pulumi up</c> would do (<see cref="PlanDiff"/>).
/// Exit codes: 0 no change, 1 changes, 2 cannot run.
/// </summary>
public static class DiffVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var @base = new Option<string>("--base")
        {
            Description = "the base: a git revision (main, origin/main, a commit), or a folder holding the base's Pulumi.<STACK>.yaml",
            HelpName = "REF|DIR",
        };
        // What a base's own build prints for the diff that asked it (BaseBuild): not for operators.
        var snapshot = new Option<bool>("--snapshot") { Hidden = true };
        var command = new Command("diff", "what a change does to the stack's plan against a base: every resource added, removed or changed, " +
                                          "replacements, protected resources, scripts (exit 0 no change, 1 changes, 2 cannot run)") { stack, @base, snapshot };
        var output = OutputOption.For(command);
        command.Validators.Add(r =>
        {
            if (!r.GetValue(snapshot) && r.GetResult(@base) is null)
                r.AddError("diff needs --base REF|DIR: the revision or folder to compare the working tree with.");
        });
        command.SetAction(r =>
        {
            var dir = Shared.Dir(r);
            var name = r.GetRequiredValue(stack);
            if (r.GetValue(snapshot))
            {
                var path = StackFile.Load(dir, name).Path; // an unknown stack is the usual error
                var side = DiffInputs.Side(DiffInputs.HeadLabel, name, path, File.ReadAllText(path), "the working tree");
                Shared.Out(r).Write(DiffSnapshot.Write(name, side.Resources, side.Texts));
                return CommandLine.Ok;
            }
            var inputs = DiffInputs.Load(dir, name, r.GetRequiredValue(@base));
            var diff = PlanDiff.Compare(name, inputs.Base, inputs.Head, inputs.Notes, inputs.ProgramCodeChanged);
            Shared.Out(r).Write(output.Get(r) switch
            {
                OutputFormat.Json => DiffJson.Write(diff),
                OutputFormat.Markdown => DiffMarkdown.Write(diff, inputs.WholeDiff),
                _ => DiffText.Write(diff),
            });
            return diff.NeedsReview ? CommandLine.Problems : CommandLine.Ok;
        });
        return command;
    }
}

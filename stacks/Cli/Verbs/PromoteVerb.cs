using System.CommandLine;
using Platform.Stacks.Config;

namespace Platform.Stacks.Cli.Verbs;

/// <summary><c>promote FROM TO [--write]</c>: what TO would change taking FROM's promotable values.</summary>
public static class PromoteVerb
{
    public static Command Create()
    {
        var from = Shared.Stack("FROM", "the stack whose promotable values are taken (staging)");
        var to = Shared.Stack("TO", "the stack that receives them (production)");
        var write = new Option<bool>("--write") { Description = "edit Pulumi.<TO>.yaml in place, keeping comments, order and secure: values" };
        var command = new Command("promote", "what TO would change taking FROM's promotable values (image tags, k3s and Vault versions)") { from, to, write };
        command.SetAction(r =>
        {
            var dir = Shared.Dir(r);
            var source = StackFile.Load(dir, r.GetRequiredValue(from));
            var toStack = r.GetRequiredValue(to);
            var toPath = Path.Combine(dir, $"Pulumi.{toStack}.yaml");
            if (!File.Exists(toPath))
                throw new ConfigException($"unknown stack '{toStack}': {toPath} does not exist.");
            var promotion = Promotion.Compute(File.ReadAllText(source.Path), source.Path, File.ReadAllText(toPath), toPath);
            var stdout = Shared.Out(r);
            stdout.Write(promotion.Describe(source.StackName, toStack));
            if (r.GetValue(write) && promotion.Changes.Count > 0)
            {
                File.WriteAllText(toPath, promotion.Result);
                stdout.WriteLine($"wrote {toPath}: review it with git diff, then commit.");
            }
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text;
using Platform.Stacks.Config;

namespace Platform.Cli.Verbs;

/// <summary>
/// <c>promote FROM TO [--write]</c>: what TO would change taking FROM's promotable values. Exit 1 while changes
/// are pending (shown, not written) or refused; 0 when TO already has them or <c>--write</c> wrote them. A
/// downgrade, or a pre-release reaching production, is refused unless its flag allows it: both happen by
/// mistake far more often than on purpose (staging carries release candidates; a stale branch carries old tags).
/// </summary>
public static class PromoteVerb
{
    public static Command Create()
    {
        var from = Shared.Stack("FROM", "the stack whose promotable values are taken (staging)");
        var to = Shared.Stack("TO", "the stack that receives them (production)");
        var write = new Option<bool>("--write") { Description = "edit Pulumi.<TO>.yaml in place, keeping comments, order and secure: values" };
        var allowDowngrade = new Option<bool>("--allow-downgrade") { Description = "write a version older than TO's (a deliberate rollback)" };
        var allowPreRelease = new Option<bool>("--allow-prerelease") { Description = $"write a pre-release (1.3.0-rc.1) into {StackNames.Production}" };
        var command = new Command("promote", "what TO would change taking FROM's promotable values (image tags, k3s and Vault versions); --write applies them")
        {
            from, to, write, allowDowngrade, allowPreRelease,
        };
        var output = OutputOption.For(command);
        command.Validators.Add(r =>
        {
            if (r.GetResult(from) is { Tokens.Count: 1 } f && r.GetResult(to) is { Tokens.Count: 1 } t && f.Tokens[0].Value == t.Tokens[0].Value)
                r.AddError($"promote {f.Tokens[0].Value} {t.Tokens[0].Value}: FROM and TO are the same stack; promotion carries values from one stack to another (staging production).");
        });
        command.SetAction(r =>
        {
            var dir = Shared.Dir(r);
            var source = StackFile.Load(dir, r.GetRequiredValue(from));
            var target = StackFile.Load(dir, r.GetRequiredValue(to));
            var promotion = Promotion.Compute(File.ReadAllText(source.Path), source.Path, File.ReadAllText(target.Path), target.Path);
            var refusals = Refusals(promotion, target.StackName, r.GetValue(allowDowngrade), r.GetValue(allowPreRelease));
            var written = r.GetValue(write) && promotion.Changes.Count > 0 && refusals.Count == 0;
            if (written)
                File.WriteAllText(target.Path, promotion.Result);
            var exit = refusals.Count > 0 || (promotion.Changes.Count > 0 && !written) ? CommandLine.Problems : CommandLine.Ok;

            var stdout = Shared.Out(r);
            switch (output.Get(r))
            {
                case OutputFormat.Json:
                    stdout.Write(JsonOutput.Write("promote", target.StackName, exit, w =>
                    {
                        w.WriteString("fromStack", source.StackName);
                        w.WriteBoolean("written", written);
                        w.WriteStartArray("changes");
                        foreach (var c in promotion.Changes)
                        {
                            w.WriteStartObject();
                            w.WriteString("configKey", c.Key);
                            w.WriteString("current", c.From);
                            w.WriteString("promoted", c.To);
                            w.WriteBoolean("downgrade", c.Downgrade);
                            w.WriteBoolean("preRelease", c.PreRelease);
                            w.WriteBoolean("unordered", c.Unordered);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                        JsonOutput.Strings(w, "refused", refusals);
                    }));
                    break;
                case OutputFormat.Markdown:
                    var md = new StringBuilder($"### promote {source.StackName} → {target.StackName}: {promotion.Changes.Count} change{(promotion.Changes.Count == 1 ? "" : "s")}\n\n");
                    if (promotion.Changes.Count > 0)
                    {
                        md.AppendLine("| key | now | promoted | |").AppendLine("|---|---|---|---|");
                        foreach (var c in promotion.Changes)
                            md.AppendLine($"| {Markdown.Code(c.Key)} | {Markdown.Code(c.From)} | {Markdown.Code(c.To)} | {(c.Downgrade ? "downgrade " : "")}{(c.PreRelease ? "pre-release" : "")} |");
                    }
                    foreach (var refusal in refusals)
                        md.AppendLine().AppendLine($"- refused: {refusal}");
                    stdout.Write(md.ToString());
                    break;
                default:
                    stdout.Write(promotion.Describe(source.StackName, target.StackName));
                    break;
            }
            var stderr = Shared.Err(r);
            foreach (var refusal in refusals)
                stderr.WriteLine($"refused: {refusal}");
            if (refusals.Count > 0)
                stderr.WriteLine($"nothing was written to {target.Path}.");
            else if (written)
                stderr.WriteLine($"wrote {target.Path}: review it with git diff, then commit.");
            else if (promotion.Changes.Count > 0)
                stderr.WriteLine($"not written: run again with --write to apply {promotion.Changes.Count} change{(promotion.Changes.Count == 1 ? "" : "s")} to {target.Path}.");
            return exit;
        });
        return command;
    }

    /// <summary>One line per value the guards stop, with the flag that would let it through.</summary>
    private static List<string> Refusals(Promotion promotion, string target, bool allowDowngrade, bool allowPreRelease)
    {
        var refusals = new List<string>();
        foreach (var c in promotion.Changes)
        {
            if (c.Downgrade && !allowDowngrade)
                refusals.Add($"{c.Key}: {c.To} is older than {target}'s {c.From} (a downgrade); pass --allow-downgrade if this rollback is meant.");
            if (c.PreRelease && target == StackNames.Production && !allowPreRelease)
                refusals.Add($"{c.Key}: {c.To} is a pre-release; release it first, or pass --allow-prerelease to put it in {target}.");
        }
        return refusals;
    }
}

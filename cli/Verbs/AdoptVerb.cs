using System.CommandLine;
using Platform.Cli.Adoption;
using Platform.Stacks;
using Platform.Stacks.Config;

namespace Platform.Cli.Verbs;

/// <summary>
/// <c>adopt STACK [--cloudflare FILE]… [--hcloud FILE]… [-o text|json|markdown] [--write [--live-cosmetics]]</c>:
/// The pre-cutover report of docs/sources/hello-world-dao-infrastructure.txt of what runs against what the stack plans, and with <c>--write</c> the import
/// ids (and <c>new</c> for what is not live) filled into the stack file; with <c>--live-cosmetics</c> also the live
/// comment and TTL of records that differ in nothing else.
/// Exit 1 while anything would be created twice, a configured id is not live, or an IC record is proxied live.
/// </summary>
public static class AdoptVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var cloudflare = new Option<string[]>("--cloudflare")
        {
            Description = "the zone's records: JSON of GET /zones/{zone_id}/dns_records (each page) or its BIND export",
            HelpName = "FILE",
        };
        var hcloud = new Option<string[]>("--hcloud")
        {
            Description = "JSON of `hcloud server|primary-ip|network|ssh-key|firewall list -o json`, in any order",
            HelpName = "FILE",
        };
        var write = new Option<bool>("--write") { Description = "write the missing import ids (and 'new' for what is not live) into Pulumi.<STACK>.yaml, keeping comments, order and secure: values" };
        var cosmetics = new Option<bool>("--live-cosmetics")
        {
            Description = "with --write: where a record differs only in its comment or TTL, write the live values into the stack file too",
        };
        var command = new Command("adopt", "what runs today against the plan: adopt (with import ids), differs, create, extra; --write fills the ids in")
        {
            stack, cloudflare, hcloud, write, cosmetics,
        };
        var output = OutputOption.For(command);
        command.Validators.Add(r =>
        {
            // GetResult, not GetValue: `--cloudflare` without a FILE has its own parse error, and GetValue would throw.
            if (r.GetResult(cloudflare) is null && r.GetResult(hcloud) is null)
                r.AddError("give at least one export: --cloudflare FILE and/or --hcloud FILE.");
            if (r.GetValue(cosmetics) && !r.GetValue(write))
                r.AddError("--live-cosmetics changes the stack file: give --write with it.");
        });
        command.SetAction(r =>
        {
            var file = StackFile.Load(Shared.Dir(r), r.GetRequiredValue(stack));
            var (settings, problems) = Validation.Load(file);
            var format = output.Get(r);
            if (problems.Count > 0)
                return Shared.Report(r, format, "adopt", settings.Stack, problems);
            var report = AdoptionAudit.Run(settings, r.GetValue(cloudflare) ?? [], r.GetValue(hcloud) ?? []);
            var liveCosmetics = r.GetValue(cosmetics);
            var writes = report.Writes(liveCosmetics);
            var written = false;
            if (r.GetValue(write) && writes.Count > 0)
            {
                File.WriteAllText(file.Path, AdoptionAudit.Write(report, file, liveCosmetics));
                written = true;
            }
            var cosmeticsWritten = written && liveCosmetics;
            Shared.Out(r).Write(format switch
            {
                OutputFormat.Json => AdoptionText.Json(report, written, cosmeticsWritten),
                OutputFormat.Markdown => AdoptionText.Markdown(report, written, cosmeticsWritten),
                _ => AdoptionText.Write(report, written, cosmeticsWritten),
            });
            if (written)
                Shared.Err(r).WriteLine($"wrote {writes.Count} values to {file.Path}: review it with git diff, then run plan and pulumi preview.");
            return report.Blocks(written) ? CommandLine.Problems : CommandLine.Ok;
        });
        return command;
    }
}

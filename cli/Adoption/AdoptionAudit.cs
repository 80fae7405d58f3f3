using Platform.Stacks;
using Platform.Stacks.Config;

namespace Platform.Cli.Adoption;

/// <summary>The audit of a valid stack against the exports given: the zone, the Hetzner project, or both.</summary>
public static class AdoptionAudit
{
    public static AdoptionReport Run(StackSettings s, IReadOnlyList<string> cloudflare, IReadOnlyList<string> hcloud)
    {
        var entries = new List<AdoptionEntry>();
        var notChecked = new List<string>();
        var liveRecords = 0;
        if (cloudflare.Count > 0)
        {
            var records = CloudflareExport.Read(cloudflare, s.Dns.Zone, s.Dns.ZoneId);
            liveRecords = records.Count;
            entries.AddRange(ZoneAudit.Audit(s, records));
        }
        else notChecked.Add($"the zone {s.Dns.Zone} (give --cloudflare with the dns_records JSON or the BIND export)");
        if (hcloud.Count > 0)
            entries.AddRange(ProjectAudit.Audit(s, HcloudExport.Read(hcloud), notChecked));
        else notChecked.Add("the Hetzner Cloud project (give --hcloud with each `hcloud … list -o json`)");
        return new AdoptionReport(s.Stack, entries, notChecked, liveRecords);
    }

    /// <summary>
    /// The stack file with the missing import ids filled in (and <c>new</c> for what is not live), and with
    /// <paramref name="liveCosmetics"/> the live comment and TTL of records that differ in nothing else; refused if the
    /// result would not validate.
    /// </summary>
    public static string Write(AdoptionReport report, StackFile file, bool liveCosmetics = false)
    {
        var original = File.ReadAllText(file.Path);
        var text = ImportIdWriter.Write(original, file.Path, report.Writes(liveCosmetics));
        var (_, problems) = Validation.Load(StackFile.Parse(file.StackName, file.Path, text));
        if (problems.Count > 0)
            throw new ConfigException($"{file.Path}: not written: with the import ids it would not validate: {string.Join("; ", problems)}");
        return text;
    }
}

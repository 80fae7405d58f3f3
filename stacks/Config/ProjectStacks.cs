namespace Platform.Stacks.Config;

/// <summary>Another stack of the project, as its own file says (read, not validated: its problems are its own).</summary>
public sealed record OtherStack(string Name, string Path, StackSettings Settings);

/// <summary>
/// The project's stacks beside the one being loaded: every <c>Pulumi.&lt;stack&gt;.yaml</c> in the project folder.
/// They share the Cloudflare zone (and perhaps the Hetzner project), so each stack learns from their files, never
/// from a hand-kept list, which records and machines are another stack's (README "Before the first `pulumi up`").
/// </summary>
public static class ProjectStacks
{
    public static IReadOnlyList<OtherStack> Read(string projectDir, string stack, Problems problems)
    {
        var others = new List<OtherStack>();
        if (!Directory.Exists(projectDir))
            return others;
        foreach (var path in Directory.GetFiles(projectDir, "Pulumi.*.yaml").Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(path)[7..^5];
            if (name == stack || !StackNames.IsValid(name))
                continue;
            try
            {
                others.Add(new OtherStack(name, path, StackSettings.Read(StackFile.Load(projectDir, name), new Problems())));
            }
            catch (ConfigException e)
            {
                // Without it, a record of this stack may be that stack's too: refuse rather than guess.
                problems.Add(Dns.DnsSettings.ConfigKey, $"the project's stack '{name}' cannot be read, so which of the zone's records it manages is unknown: {e.Message} Fix that file first.");
            }
        }
        return others;
    }
}

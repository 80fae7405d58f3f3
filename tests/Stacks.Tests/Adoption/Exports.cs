using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Cli;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>
/// The fixture exports of the zone and Hetzner project of docs/sources/hello-world-dao-infrastructure.txt
/// (Fixtures/Adoption, generate.py), a project folder holding the repository's two stack files, and `adopt` run on
/// them; an export edited the way the live platform could differ (<see cref="Edited"/>).
/// </summary>
internal static class Exports
{
    private static readonly string Fixtures = Path.Combine(Stack.RepoRoot, "tests", "Stacks.Tests", "Fixtures", "Adoption");
    public static string Fixture(string name) => Path.Combine(Fixtures, name);
    public static readonly string[] Pages = [Fixture("dns_records.page1.json"), Fixture("dns_records.page2.json")];
    public static readonly string[] HcloudFiles =
        ["hcloud-firewalls.json", "hcloud-servers.json", "hcloud-ssh-keys.json", "hcloud-networks.json", "hcloud-primary-ips.json"];

    /// <summary>A project folder with the repository's Pulumi.production.yaml and Pulumi.staging.yaml (each optionally edited).</summary>
    public static string Project(Func<string, string>? production = null, Func<string, string>? staging = null)
    {
        var dir = Directory.CreateTempSubdirectory("platform-adoption-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        foreach (var (stack, edit) in new[] { ("production", production), ("staging", staging) })
        {
            var yaml = File.ReadAllText(Path.Combine(Stack.RepoRoot, $"Pulumi.{stack}.yaml"));
            File.WriteAllText(Path.Combine(dir, $"Pulumi.{stack}.yaml"), edit is null ? yaml : edit(yaml));
        }
        return dir;
    }

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static (int Exit, string Out, string Err) RunAdopt(string dir, string stack, params string[] args) =>
        Run(["adopt", stack, "--dir", dir, .. args]);

    public static JsonElement Report(string dir, string stack, params string[] args)
    {
        var (_, output, err) = RunAdopt(dir, stack, [.. args, "--json"]);
        Assert.True(output.Length > 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public static string[] Cloudflare(params string[] files) => files.SelectMany(f => new[] { "--cloudflare", f }).ToArray();

    /// <summary>Every hcloud export, with some replaced by edited copies (by file name).</summary>
    public static string[] Hcloud(params string[] replaced) =>
        HcloudFiles.Select(f => replaced.FirstOrDefault(r => Path.GetFileName(r) == f) ?? Fixture(f)).SelectMany(f => new[] { "--hcloud", f }).ToArray();

    /// <summary>A copy of an export (same file name, another folder) with the JSON edited.</summary>
    public static string Edited(string name, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(File.ReadAllText(Fixture(name)))!;
        edit(node);
        var path = Path.Combine(Directory.CreateTempSubdirectory("platform-export-").FullName, name);
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The live item of an hcloud list by name, to edit.</summary>
    public static JsonNode Named(JsonNode list, string name) => list.AsArray().Single(x => x!["name"]!.GetValue<string>() == name)!;

    /// <summary>The Cloudflare record of a page by name and type, to edit.</summary>
    public static JsonNode Record(JsonNode page, string name, string type) =>
        page["result"]!.AsArray().Single(x => x!["name"]!.GetValue<string>() == name && x["type"]!.GetValue<string>() == type)!;

    /// <summary>The entry of a group for one kind and what, or null.</summary>
    public static JsonElement? Entry(JsonElement report, string group, string kind, string what) =>
        report.GetProperty(group).EnumerateArray().Where(e => e.GetProperty("kind").GetString() == kind && e.GetProperty("what").GetString() == what)
            .Select(e => (JsonElement?)e).FirstOrDefault();

    public static List<string> Differences(JsonElement entry) =>
        entry.GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).ToList();

    /// <summary>The group an entry landed in.</summary>
    public static string GroupOf(JsonElement report, string kind, string what) =>
        new[] { "adopt", "differs", "create", "extra", "unmanaged" }.Single(g => Entry(report, g, kind, what) is not null);
}

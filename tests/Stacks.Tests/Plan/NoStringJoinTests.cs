using System.Text.RegularExpressions;

namespace Platform.Stacks.Tests.Plan;

/// <summary>
/// The joins issue 19 replaced with types stay replaced: no code of the model, the command line or the Pulumi program
/// spells another part's names or phrases to find it again. The typed tests (ReferenceTests, VaultStepTests,
/// AdoptionReportTests) check what the plan holds; this one guards the shapes that were there before, each with what
/// replaced it, so that a new join of the same kind is written the typed way.
/// </summary>
public sealed class NoStringJoinTests
{
    private static readonly string[] Folders = ["stacks", "cli", "components", "infra"];

    public static TheoryData<string, string, string> OldJoins() => new()
    {
        { "a Vault step's name spelled from the component's", @"\$""(\{Name\}|vault)-(\{|tls|init|unseal|deployer|revoke-root|configure|secrets|approle-files)", "VaultStepKind, VaultPlan.Step(kind)" },
        { "an IC domain's records regrouped by config key", @"ConfigKey\s*==", "DnsZone.Zone: IcDomainRecords" },
        { "a blocker read from a note's text", @"\bNote\s*(==|is\s+[A-Z]|\?\.StartsWith)", "AdoptionEntry.Blocker" },
        { "a record's host looked up again by its name", @"Name\s*==\s*\w+\.Server\b|\.Server\s*==\s*\w+\.Name\b", "ManagedRecord.Address, set by the plan" },
    };

    [Theory]
    [MemberData(nameof(OldJoins))]
    public void No_code_joins_by_string_where_the_plan_has_a_type(string what, string pattern, string instead)
    {
        var regex = new Regex(pattern);
        var found = Folders.SelectMany(f => Sources(Path.Combine(Stack.RepoRoot, f)))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !x.line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Where(x => regex.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Stack.RepoRoot, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, $"{what}, where the plan has {instead}:\n{string.Join("\n", found)}");
    }

    /// <summary>
    /// A record's or a command's host was the phrase "primary IP of X", written in three places and parsed back by the
    /// parity test. Now the reference (<see cref="Platform.Stacks.Hetzner.ServerPlan.PublicIpv4"/>) is the one place
    /// that describes it to a reader, and nothing, the parity test included, writes or reads the phrase.
    /// </summary>
    [Fact]
    public void A_primary_ip_is_described_in_one_place_and_never_parsed()
    {
        var described = Folders.Append(Path.Combine("tests", "Components.Tests")).SelectMany(f => Sources(Path.Combine(Stack.RepoRoot, f)))
            .Where(file => File.ReadLines(file).Any(l => l.Contains("\"primary IP of ", StringComparison.Ordinal)))
            .Select(file => Path.GetRelativePath(Stack.RepoRoot, file))
            .ToList();

        Assert.Equal([Path.Combine("stacks", "Hetzner", "HetznerPlans.cs")], described);
    }

    private static IEnumerable<string> Sources(string folder) =>
        Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
}

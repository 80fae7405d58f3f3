using System.Text.Json;
using Platform.Stacks.Adoption;
using static Platform.Stacks.Tests.Adoption.Exports;

namespace Platform.Stacks.Tests.Adoption;

/// <summary>
/// Pending adoption is summarised in one line per kind, the list only when asked (`--verbose`) and in JSON; a
/// resource declared <c>new</c> asks for nothing, and after `adopt --write` nothing adopt saw asks again.
/// </summary>
public class NoticeLineTests
{
    [Fact]
    public void Plan_production_prints_a_handful_of_lines_before_the_tree()
    {
        var (exit, output, err) = Run("plan", "production", "--dir", Stack.RepoRoot);

        Assert.Equal(0, exit);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // what to adopt, and the placeholder PGP keys
        Assert.All(lines, l => Assert.StartsWith("notice: ", l));
        Assert.StartsWith("notice: 31 resources run today without an import id: the first pulumi up would create them a second time. " +
            "Run `./platform adopt production --cloudflare … --hcloud …`", lines[0]);
        Assert.StartsWith("notice: 5 Vault PGP keys are placeholders (platform:vault.pgpKeys[0,1,2,3,4])", lines[1]);
        Assert.True(err.Length < 1000, $"{err.Length} characters of notices");
        Assert.StartsWith("stack production:", output);
    }

    [Fact]
    public void Verbose_lists_each_notice_under_its_kind()
    {
        var (_, _, err) = Run("plan", "production", "--verbose", "--dir", Stack.RepoRoot);

        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 + 31 + 5, lines.Length);
        Assert.Contains("  - platform:hetzner.network.vswitch.subnetImportId: the vSwitch subnet 10.0.1.0/24 (vSwitch 80388).", lines);
        Assert.DoesNotContain(lines, l => l.Contains("(--verbose lists them)"));
    }

    [Fact]
    public void The_json_plan_carries_every_notice()
    {
        var (_, output, err) = Run("plan", "production", "--json", "--dir", Stack.RepoRoot);

        var notices = JsonDocument.Parse(output).RootElement.GetProperty("notices").EnumerateArray().ToList();
        Assert.Equal(36, notices.Count);
        Assert.Equal(31, notices.Count(n => n.GetProperty("kind").GetString() == PendingAdoption.ImportKind));
        Assert.Contains(notices, n => n.GetProperty("configKey").GetString() == $"{Stack.Production.IcDomain("www")}.canisterIdImportId");
        Assert.Equal(2, err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_resource_declared_new_asks_for_nothing()
    {
        var notices = PendingAdoption.Notices(Validation.Load(Stack.Production.Set($"{Stack.Production.IcDomain("governance")}.acmeChallengeImportId", "new")
            .Set($"{Stack.Production.Server("oracle-bridge")}.firewallImportId", "new")).Settings);

        Assert.DoesNotContain(notices, n => n.Key == $"{Stack.Production.IcDomain("governance")}.acmeChallengeImportId" || n.Key == $"{Stack.Production.Server("oracle-bridge")}.firewallImportId");
        Assert.Equal(29, notices.Count(n => n.Kind == PendingAdoption.ImportKind));
    }

    [Fact]
    public void A_resource_declared_new_is_created_not_imported()
    {
        var plan = Stack.Production.Set($"{Stack.Production.IcDomain("governance")}.acmeChallengeImportId", "new").Set("platform:hetzner.network.importId", "new").Plan();

        Assert.Null(plan.Resources.Single(r => r.Name == "dns-cname-_acme-challenge-governance").Policy.ImportId);
        Assert.Null(plan.Resources.Single(r => r.Name == "hwdao-private-network").Policy.ImportId);
    }

    [Fact]
    public void After_adopt_write_nothing_adopt_saw_still_asks()
    {
        var dir = Project();
        RunAdopt(dir, "production", [.. Cloudflare(Pages), .. Hcloud(), "--write"]);

        var (exit, _, err) = Run("validate", "production", "--verbose", "--dir", dir);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("without an import id", err);
        var yaml = File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml"));
        Assert.Contains("acmeChallengeImportId: \"new\"", yaml); // ottercamp's and governance's, which auto-import missed
        Assert.Equal(2, yaml.Split("acmeChallengeImportId: \"new\"").Length - 1);
    }

    [Fact]
    public void A_record_added_after_adoption_asks_until_it_is_declared()
    {
        var dir = Project();
        RunAdopt(dir, "production", [.. Cloudflare(Pages), .. Hcloud(), "--write"]);
        var path = Path.Combine(dir, "Pulumi.production.yaml");
        var adopted = File.ReadAllText(path);
        const string anchor = "      # Platform API gateway";
        File.WriteAllText(path, adopted.Replace(anchor, "      - name: status2\n        type: CNAME\n        content: stats.uptimerobot.com\n" + anchor));

        Assert.Contains("notice: 1 resource runs today without an import id", Run("validate", "production", "--dir", dir).Err);

        File.WriteAllText(path, adopted.Replace(anchor, "      - name: status2\n        type: CNAME\n        content: stats.uptimerobot.com\n        importId: new\n" + anchor));
        Assert.DoesNotContain("without an import id", Run("validate", "production", "--dir", dir).Err);
    }

    [Fact]
    public void A_resource_declared_new_that_runs_today_is_caught_and_write_puts_its_id()
    {
        var dir = Project(production: y => y.Replace("      - name: portal\n", "      - name: portal\n        canisterIdImportId: new\n"));

        var report = Report(dir, "production", Cloudflare(Pages));
        RunAdopt(dir, "production", [.. Cloudflare(Pages), "--write"]);

        var entry = report.GetProperty("adopt").EnumerateArray().Single(e => e.GetProperty("configKey").GetString() == $"{Stack.Production.IcDomain("portal")}.canisterIdImportId");
        Assert.True(entry.GetProperty("createdTwice").GetBoolean());
        Assert.Contains("declared 'new' but it runs today", entry.GetProperty("note").GetString());
        Assert.Contains($"canisterIdImportId: \"{entry.GetProperty("importId").GetString()}\"", File.ReadAllText(Path.Combine(dir, "Pulumi.production.yaml")));
    }
}

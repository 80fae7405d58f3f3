using System.Text.Json;

namespace Platform.Delivery.Tests;

/// <summary>
/// Review A4, A5: .ci/drift-verdict.sh on what `pulumi preview --refresh --json` prints. The JSON here is built in the
/// shape of the pinned CLI's PreviewDigest (pulumi/pulumi v3.259.0 pkg/display/json.go: steps with op, urn,
/// diffReasons, replaceReasons; changeSummary counting the logical operations as engine.HasChanges does), a labelled
/// model of that document only. The monthly kubeconfig re-read passes, said as such; anything else is drift.
/// </summary>
public class DriftVerdict
{
    private const string Prefix = "urn:pulumi:production::platform::";
    private const string Kubeconfig = Prefix + "platform:cluster:K3s$command:remote:Command::k3s-kubeconfig";
    private const string Provider = Prefix + "pulumi:providers:kubernetes::k3s-provider";
    private const string Record = Prefix + "platform:dns:Zone$cloudflare:index/dnsRecord:DnsRecord::dns-a-apis";

    private static object Step(string op, string urn, string[]? diff = null, string[]? replace = null) =>
        new { op, urn, diffReasons = diff, replaceReasons = replace, detailedDiff = (object?)null };

    private static (int Exit, string Report, string Err) Verdict(object[] steps, Dictionary<string, int> summary)
    {
        using var ci = new CiScript();
        var file = ci.File_("drift.json", JsonSerializer.Serialize(new { steps, changeSummary = summary, duration = 1 }));
        var run = ci.Run(".ci/drift-verdict.sh", "production", file);
        return (run.ExitCode, run.Stdout, run.Stderr);
    }

    private static readonly object MonthlyReread = Step("replace", Kubeconfig, ["triggers"], ["triggers"]);
    private static readonly object ProviderUpdate = Step("update", Provider, ["kubeconfig"]);

    [Fact]
    public void Nothing_changed_is_no_drift()
    {
        var (exit, report, _) = Verdict([Step("refresh", Record)], new() { ["same"] = 140 });

        Assert.Equal(0, exit);
        Assert.Contains("No drift: the live resources, refreshed, match", report);
    }

    [Fact]
    public void The_kubeconfigs_monthly_reread_is_expected_and_said_so()
    {
        var (exit, report, _) = Verdict([MonthlyReread, ProviderUpdate], new() { ["same"] = 138, ["replace"] = 1, ["update"] = 1 });

        Assert.Equal(0, exit);
        Assert.Contains("Expected this month: the k3s kubeconfig is read again", report);
        Assert.Contains("| replace | `k3s-kubeconfig` (`command:remote:Command`) | `triggers` |", report);
    }

    [Fact]
    public void A_record_edited_in_the_dashboard_is_drift_even_beside_the_monthly_reread()
    {
        var (exit, report, _) = Verdict([MonthlyReread, ProviderUpdate, Step("update", Record, ["content"])],
            new() { ["same"] = 137, ["replace"] = 1, ["update"] = 2 });

        Assert.Equal(1, exit);
        Assert.Contains("**Drift**: 3 change(s)", report);
        Assert.Contains("| update | `dns-a-apis` (`cloudflare:index/dnsRecord:DnsRecord`) | `content` |", report);
    }

    [Theory]
    [InlineData("triggers,create")] // the script changed too: a real change of the step
    [InlineData("connection")]      // another input replaced it
    public void The_kubeconfig_replaced_for_anything_but_its_trigger_is_drift(string because)
    {
        var reasons = because.Split(',');
        var (exit, _, _) = Verdict([Step("replace", Kubeconfig, reasons, reasons)], new() { ["replace"] = 1 });

        Assert.Equal(1, exit);
    }

    [Fact]
    public void The_provider_updated_without_the_reread_or_for_more_than_its_kubeconfig_is_drift()
    {
        Assert.Equal(1, Verdict([ProviderUpdate], new() { ["update"] = 1 }).Exit);
        Assert.Equal(1, Verdict([MonthlyReread, Step("update", Provider, ["kubeconfig", "enableServerSideApply"])], new() { ["replace"] = 1, ["update"] = 1 }).Exit);
    }

    [Fact]
    public void A_change_the_steps_do_not_show_but_the_summary_counts_is_drift()
    {
        // The summary is what --expect-no-changes tests: more changes than the expected steps explain is drift.
        var (exit, _, _) = Verdict([MonthlyReread], new() { ["replace"] = 1, ["create"] = 1 });

        Assert.Equal(1, exit);
    }

    [Fact]
    public void A_preview_that_printed_no_report_cannot_be_judged()
    {
        using var ci = new CiScript();
        var file = ci.File_("drift.json", "error: could not read the state\n");

        var run = ci.Run(".ci/drift-verdict.sh", "production", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("printed no JSON report", run.Stderr);
    }
}

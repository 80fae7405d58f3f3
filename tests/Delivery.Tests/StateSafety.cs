namespace Platform.Delivery.Tests;

/// <summary>
/// Issue 15, point 5: the state is exported (secrets encrypted, then sealed) to an artifact with a retention
/// before every `up` and every state operation; the operations workflow runs cancel, refresh (with the
/// pending-create choices) and export in the stack's environment; the README has the runbook.
/// </summary>
public class StateSafety
{
    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_up_and_state_operation_is_preceded_by_an_export_kept_as_an_artifact(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys)
        {
            var steps = w.Steps(job).ToList();
            var change = steps.FindIndex(s => Workflow.RunsPulumi(s, "up") || Workflow.Run(s).Contains(".ci/operation.sh"));
            if (change < 0) continue;
            var export = steps.FindIndex(s => Workflow.Run(s).StartsWith("bash .ci/state-export.sh ", StringComparison.Ordinal));
            var upload = steps.FindIndex(s => s.Get("uses")?.Str().StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true
                                              && s.Map("with").Scalar("path") == "${{ runner.temp }}/state/");
            Assert.True(export >= 0 && export < upload && upload < change, $"{file}: job {job} changes the state without exporting and keeping it first.");
            Assert.InRange(int.Parse(steps[upload].Map("with").Scalar("retention-days")!), 7, 90);
            Assert.Equal("error", steps[upload].Map("with").Scalar("if-no-files-found"));
        }
    }

    /// <summary>
    /// Review A6: "Re-run failed jobs" belongs to the same run, whose artifacts are still there, and
    /// actions/upload-artifact v4.6.2 fails on a name the run already holds unless `overwrite` is true (action.yml:
    /// "If false, the action will fail if an artifact for the given name already exists", default 'false'). Every
    /// upload either carries the attempt in its name or overwrites; a download in the same run names what was uploaded.
    /// </summary>
    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Every_artifact_survives_a_rerun_of_its_job(string file)
    {
        var w = Workflow.Load(file);

        foreach (var job in w.Jobs.Keys)
            foreach (var upload in w.StepsUsing(job, "actions/upload-artifact").Select(s => s.Map("with")))
                Assert.True(upload.Scalar("name")?.Contains("${{ github.run_attempt }}") == true || upload.Scalar("overwrite") == "true",
                    $"{file}: job {job} uploads '{upload.Scalar("name")}', which a re-run of the job cannot upload again.");
        foreach (var job in w.Jobs.Keys)
            foreach (var download in w.StepsUsing(job, "actions/download-artifact").Select(s => s.Map("with")).Where(d => d.Get("run-id") is null))
                Assert.DoesNotContain("github.run_attempt", download.Scalar("name") ?? ""); // an earlier attempt's job made it: its output names it
    }

    [Fact]
    public void The_operations_workflow_runs_in_the_stack_environment_never_beside_an_up()
    {
        var w = Workflow.Load("operations.yml");

        Assert.Equal(["workflow_dispatch"], w.Events);
        var inputs = w.On.Map("workflow_dispatch").Map("inputs");
        Assert.Equal(["staging", "production"], inputs.Map("stack").Seq("options").Select(o => o.Str()));
        Assert.Equal(["export", "cancel", "refresh", "refresh-clear-pending", "refresh-import-pending"], inputs.Map("operation").Seq("options").Select(o => o.Str()));
        Assert.Equal(["staging", "production"], w.Environments("operate"));
        Assert.Equal("pulumi-${{ inputs.stack }}", w.Job("operate").Map("concurrency").Scalar("group"));
        Assert.Equal("false", w.Job("operate").Map("concurrency").Scalar("cancel-in-progress"));
        Assert.DoesNotContain("${{", string.Join("\n", w.Steps("operate").Select(Workflow.Run))); // inputs reach scripts through env only
    }

    private static CiScript FakePulumi(string stacks = """[{"name":"production","current":false}]""", int listExit = 0) =>
        new CiScript().Fake("pulumi", $$$"""
            case "$1 $2" in
              "stack ls") echo '{{{stacks}}}'; exit {{{listExit}}} ;;
              "stack export")
                while [ $# -gt 0 ]; do [ "$1" = --file ] && file=$2; shift; done
                printf '%s' '{"version":3,"deployment":{"secrets_providers":{"type":"passphrase"},"resources":[{"urn":"a"},{"urn":"b"}],"pending_operations":[{"type":"creating"}]}}' > "$file" ;;
            esac
            """).Env("PULUMI_CONFIG_PASSPHRASE", "the stack's passphrase");

    [Fact]
    public void The_export_is_sealed_counted_and_leaves_no_plain_copy()
    {
        using var ci = FakePulumi();
        var dir = Path.Combine(ci.Dir, "state");

        var run = ci.Run(".ci/state-export.sh", "production", dir);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(["production.state.json.sealed", "production.state.sha256"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        Assert.Contains("2 resources, 1 pending operations", run.Stdout);
        Assert.Contains("pulumi stack export --stack production --non-interactive --file", string.Join("\n", ci.Calls));
        Assert.DoesNotContain(ci.Calls, c => c.Contains("--show-secrets"));
        Assert.Equal(0, ci.Run(".ci/sealed.sh", "open", Path.Combine(dir, "production.state.json.sealed"), Path.Combine(ci.Dir, "opened.json")).ExitCode);
        Assert.Contains("\"pending_operations\"", File.ReadAllText(Path.Combine(ci.Dir, "opened.json")));
    }

    [Fact]
    public void A_stack_the_backend_does_not_hold_yet_exports_nothing_and_says_so()
    {
        using var ci = FakePulumi(stacks: "[]");
        var dir = Path.Combine(ci.Dir, "state");

        var run = ci.Run(".ci/state-export.sh", "production", dir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["production.state.none"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.DoesNotContain(ci.Calls, c => c.StartsWith("pulumi stack export", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_backend_fails_the_export_and_so_the_up_after_it()
    {
        using var ci = FakePulumi(listExit: 255);

        var run = ci.Run(".ci/state-export.sh", "production", Path.Combine(ci.Dir, "state"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing runs after this", run.Stdout);
    }

    [Fact]
    public void Pending_creates_are_imported_with_one_urn_and_one_id_per_flag()
    {
        using var ci = new CiScript().Fake("pulumi", "exit 0")
            .Env("PENDING_CREATES", "urn:pulumi:production::platform::hcloud:index/server:Server::oracle-bridge-server 4711\n\nurn:pulumi:production::platform::cloudflare:index/dnsRecord:DnsRecord::www c54c/9f1e\n");

        var run = ci.Run(".ci/operation.sh", "production", "refresh-import-pending");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "pulumi refresh --stack production --non-interactive --color never --yes"
            + " --import-pending-creates urn:pulumi:production::platform::hcloud:index/server:Server::oracle-bridge-server --import-pending-creates 4711"
            + " --import-pending-creates urn:pulumi:production::platform::cloudflare:index/dnsRecord:DnsRecord::www --import-pending-creates c54c/9f1e",
            Assert.Single(ci.Calls));
    }

    [Theory]
    [InlineData("oracle-bridge-server 4711")]
    [InlineData("urn:pulumi:production::platform::x::y")]
    [InlineData("urn:pulumi:production::platform::x::y 1 2")]
    [InlineData("")]
    public void A_malformed_pending_create_line_runs_nothing(string lines)
    {
        using var ci = new CiScript().Fake("pulumi", "exit 0").Env("PENDING_CREATES", lines);

        var run = ci.Run(".ci/operation.sh", "production", "refresh-import-pending");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(ci.Calls);
    }

    [Theory]
    [InlineData("cancel", "pulumi cancel --stack staging --non-interactive --color never --yes")]
    [InlineData("refresh", "pulumi refresh --stack staging --non-interactive --color never --yes --skip-pending-creates")]
    [InlineData("refresh-clear-pending", "pulumi refresh --stack staging --non-interactive --color never --yes --clear-pending-creates")]
    public void Each_operation_is_one_cli_call(string operation, string call)
    {
        using var ci = new CiScript().Fake("pulumi", "exit 0");

        Assert.Equal(0, ci.Run(".ci/operation.sh", "staging", operation).ExitCode);
        Assert.Equal(call, Assert.Single(ci.Calls));
    }

    [Fact]
    public void The_readme_has_the_runbook_for_an_interrupted_up()
    {
        var readme = File.ReadAllText(Path.Combine(CiScript.Root, "README.md"));
        var runbook = readme[readme.IndexOf("### When an up is interrupted", StringComparison.Ordinal)..];
        runbook = runbook[..runbook.IndexOf("\n## ", StringComparison.Ordinal)];

        foreach (var step in new[] { "export", "cancel", "refresh-clear-pending", "refresh-import-pending", "pulumi stack import", ".ci/sealed.sh open" })
            Assert.Contains(step, runbook);
    }
}

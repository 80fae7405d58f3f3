using Platform.Stacks.Plan;
using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts.Hosts;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>The script harness itself: isolation, fakes, failure injection, snapshots.</summary>
public class HarnessTests
{
    [HostFact]
    public void A_script_writes_into_the_host_never_into_the_test_machine()
    {
        const string probe = "/etc/platform-harness-probe/file";
        using var host = new TestHost();

        host.Run($"mkdir -p {Path.GetDirectoryName(probe)} && echo written > {probe}").Succeeded();

        Assert.Equal("written\n", host.Read(probe));
        Assert.False(Path.Exists(Path.GetDirectoryName(probe)), "the script changed the test machine's /etc");
    }

    [HostFact]
    public void A_host_has_a_network_of_its_own()
    {
        using var host = new TestHost();

        host.Given("ip link add enp7s0 type bridge && ip addr add 10.9.9.9/24 dev enp7s0");

        Assert.Contains("10.9.9.9/24", host.Run("ip -o addr").Succeeded().Stdout);
        Assert.DoesNotContain("10.9.9.9", File.ReadAllText("/proc/net/fib_trie"));
    }

    [HostFact]
    public void Inputs_arrive_on_stdin_as_a_remote_command_receives_them()
    {
        using var host = new TestHost();

        var run = host.Run(Shell.Script("test", "printf '%s' \"$VALUE\"", ["VALUE"]), [new("VALUE", Fixtures.Pem)]);

        Assert.Equal(Fixtures.Pem, run.Succeeded().Stdout);
    }

    [HostFact]
    public void A_fake_records_its_calls_and_fails_once_when_told()
    {
        using var host = new TestHost();
        host.Fake(Fake.Recording("systemctl", "test")).FailNext("systemctl", "restart");

        var failed = host.Run("systemctl daemon-reload && systemctl restart 'k3s server'");
        var next = host.Run("systemctl restart k3s").Succeeded();

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Equal(["systemctl daemon-reload", "systemctl restart k3s\\ server"], failed.Calls);
        Assert.Equal(["systemctl restart k3s"], next.CallsOf("systemctl"));
    }

    [HostFact]
    public void A_snapshot_sees_files_and_firewall_rules_change()
    {
        using var host = new TestHost();
        var before = host.Snapshot();

        host.Run("echo x > /etc/harness-file && iptables -A INPUT -s 10.1.0.0/16 -j ACCEPT").Succeeded();

        var changes = before.Diff(host.Snapshot());
        Assert.Contains(changes, c => c.StartsWith("/etc/harness-file: absent ->"));
        Assert.Contains(changes, c => c.Contains("network gained") && c.Contains("10.1.0.0/16"));
    }

    [HostFact]
    public void Running_twice_fails_when_the_second_run_changes_the_host()
    {
        using var host = new TestHost();

        var error = Assert.ThrowsAny<Exception>(() => HostAssert.RunsTwiceChangingNothingTheSecondTime(host, "date +%N >> /var/counter"));

        Assert.Contains("/var/counter", error.Message);
    }

    [HostFact]
    public void Recovery_fails_when_a_failed_run_leaves_a_mark_the_next_run_skips()
    {
        // The defect of issue 8 item 3 in miniature: the marker is written before the step that fails.
        const string script = "set -e; if [ ! -f /etc/marker ]; then touch /etc/marker; systemctl restart thing; touch /etc/applied; fi";
        TestHost NewHost() => new TestHost().Fake(Fake.Recording("systemctl", "test"));

        var error = Assert.ThrowsAny<Exception>(() => HostAssert.RecoversFromAFailureHalfWay(NewHost, script, null, "systemctl", "restart"));

        Assert.Contains("/etc/applied", error.Message);
    }

    [HostFact]
    public void The_systemctl_fake_counts_restarts_and_answers_is_active()
    {
        using var host = new TestHost().Fake(Fakes.Systemctl);

        host.Run("systemctl enable --now k3s && systemctl restart k3s.service && systemctl restart k3s").Succeeded();

        Assert.Equal("2\n", host.Read("/var/lib/fake-systemd/k3s.restarts"));
        Assert.Equal(0, host.Run("systemctl is-active k3s").ExitCode);
        Assert.NotEqual(0, host.Run("systemctl is-active vault").ExitCode);
        Assert.NotEqual(0, host.Run("systemctl frobnicate k3s").ExitCode);
    }
}

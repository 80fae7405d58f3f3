using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts.Hosts;
using Platform.Tests.Shared;
using System.Diagnostics;
using Platform.Stacks.Cluster;
using Platform.Stacks.Hetzner;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// The host steps, run on test hosts with the real ip, iptables, ufw and netplan (apply modelled): the
/// dedicated server's VLAN and firewall, each cloud server's packages and firewall, and the cloud-config.
/// </summary>
public class HostScriptTests
{
    private const string Vlan = "ax42u-hel1-vlan";

    /// <summary>The dedicated server as Hetzner delivers it: its uplink, defined in its netplan config.</summary>
    private static TestHost DedicatedHost(bool linkInNetplan = true)
    {
        var host = new TestHost("vlan").Fake(Fakes.CloudInit).Fake(Fakes.AptGet).Fake(NetplanFake.Netplan)
            .Given("ip link add enp7s0 type ifb && ip link set enp7s0 up && mkdir -p /etc/netplan");
        if (linkInNetplan)
            host.Given("printf 'network:\\n  version: 2\\n  ethernets:\\n    enp7s0:\\n      dhcp4: true\\n' > /etc/netplan/01-netcfg.yaml && chmod 600 /etc/netplan/01-netcfg.yaml");
        return host;
    }

    private static TestHost CloudHost() =>
        new TestHost("cloud").Fake(Fakes.CloudInit).Fake(Fakes.AptGet).Given("ip link add enp7s0 type ifb && ip link set enp7s0 up");

    [HostFact]
    public void The_vlan_comes_up_with_its_address_mtu_and_route_to_the_cloud_network()
    {
        using var host = DedicatedHost();

        host.Run(GeneratedScripts.Text("production", Vlan)).Succeeded();

        Assert.Contains("mtu 1400", host.Run("ip -o link show dev enp7s0.4010").Stdout);
        Assert.Contains("10.0.1.3/24", host.Run("ip -o addr show dev enp7s0.4010").Stdout);
        Assert.Contains("10.0.0.0/16 via 10.0.1.1 dev enp7s0.4010", host.Run("ip route").Stdout);
        Assert.Equal("network:\n  version: 2\n  vlans:\n    enp7s0.4010:\n      id: 4010\n      link: enp7s0\n      mtu: 1400\n" +
            "      addresses: [10.0.1.3/24]\n      routes:\n        - to: 10.0.0.0/16\n          via: 10.0.1.1\n", host.Read("/etc/netplan/60-vswitch-4010.yaml"));
    }

    [HostFact]
    public void A_failed_netplan_apply_is_applied_by_the_next_run() =>
        HostAssert.RecoversFromAFailureHalfWay(() => DedicatedHost(), GeneratedScripts.Text("production", Vlan), null, "netplan", "apply");

    [HostFact]
    public void A_second_vlan_run_changes_nothing()
    {
        using var host = DedicatedHost();

        var (_, second) = HostAssert.RunsTwiceChangingNothingTheSecondTime(host, GeneratedScripts.Text("production", Vlan));

        Assert.DoesNotContain(second.CallsOf("netplan"), c => c.Contains("apply"));
        Assert.Contains("already configured", second.Stdout);
    }

    [HostFact]
    public void A_link_the_hosts_netplan_does_not_define_is_named_before_anything_changes()
    {
        using var host = DedicatedHost(linkInNetplan: false);
        var before = host.Snapshot();

        var run = host.Run(GeneratedScripts.Text("production", Vlan));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("does not define the interface 'enp7s0'", run.Stderr);
        Assert.Contains("platform:hetzner.dedicated.interface", run.Stderr);
        Assert.Empty(before.Diff(host.Snapshot()));
    }

    [HostTheory]
    [InlineData("production", Vlan)]
    [InlineData("staging", "staging-k3s-host")]
    public void The_cluster_host_lets_its_pods_and_services_reach_it(string stack, string script)
    {
        using var host = stack == "production" ? DedicatedHost() : CloudHost();

        host.Run(GeneratedScripts.Text(stack, script)).Succeeded();

        var rules = host.Run("iptables-save").Succeeded().Stdout;
        foreach (var range in ClusterNetwork.Ranges)
        {
            Assert.Contains($"-A ufw-user-input -s {range} -i cni0 -j ACCEPT", rules);
            Assert.Contains($"-A ufw-user-input -s {range} -i flannel.1 -j ACCEPT", rules);
        }
    }

    [HostTheory]
    [InlineData("production", Vlan)]
    [InlineData("staging", "staging-k3s-host")]
    public void The_cluster_ranges_are_let_in_on_the_cluster_interfaces_only_and_the_old_any_interface_rules_go(string stack, string script)
    {
        using var host = stack == "production" ? DedicatedHost() : CloudHost();
        // What the step of an earlier version left: the ranges allowed on every interface, the public one included.
        host.Given($"printf '%s\\n' {string.Join(" ", ClusterNetwork.Ranges.Select(r => $"'allow from {r} to any'"))} > {HostScripts.FirewallRecord} " +
                   string.Concat(ClusterNetwork.Ranges.Select(r => $"&& ufw allow from {r} to any >/dev/null ")));

        host.Run(GeneratedScripts.Text(stack, script)).Succeeded();

        var rules = host.Run("iptables-save").Succeeded().Stdout.Split('\n');
        foreach (var range in ClusterNetwork.Ranges)
            Assert.All(rules.Where(r => r.Contains($"-s {range}")), r => Assert.Matches(@" -i (cni0|flannel\.1) ", r));
        Assert.DoesNotContain("to any", host.Read(HostScripts.FirewallRecord)!.Split('\n').Where(r => r.Contains("10.4")));
    }

    [HostTheory]
    [InlineData("production", Vlan, "enp7s0.4010", "10.0.0.0/16")]
    [InlineData("staging", "staging-k3s-host", "enp7s0", "10.1.0.0/16")]
    public void Ssh_and_the_kubernetes_api_answer_the_admin_ranges_and_the_private_range_only_its_interface(
        string stack, string script, string privateInterface, string privateRange)
    {
        using var host = stack == "production" ? DedicatedHost() : CloudHost();

        host.Run(GeneratedScripts.Text(stack, script)).Succeeded();

        var rules = host.Run("iptables-save").Succeeded().Stdout;
        Assert.Contains(":ufw-user-input - ", rules);
        Assert.Contains(":INPUT DROP", rules);
        foreach (var cidr in Ranges(stack, "adminCidrs").Concat(Ranges(stack, "deployRunnerCidrs")))
            foreach (var port in new[] { 22, 6443 })
                Assert.Contains($"-A ufw-user-input -s {cidr} -p tcp -m tcp --dport {port} -j ACCEPT", rules);
        Assert.Contains($"-A ufw-user-input -s {privateRange} -i {privateInterface} -j ACCEPT", rules);
        Assert.All(rules.Split('\n').Where(r => r.Contains("--dport 22 ") || r.Contains("--dport 6443 ")), r => Assert.Contains(" -s ", r));
    }

    [HostFact]
    public void Other_hosts_open_ssh_to_the_admins_and_nothing_to_the_cluster_ranges()
    {
        using var host = CloudHost();

        host.Run(GeneratedScripts.Text("staging", "staging-oracle-bridge-host")).Succeeded();

        var rules = host.Run("iptables-save").Succeeded().Stdout;
        Assert.Contains("--dport 22 -j ACCEPT", rules);
        Assert.DoesNotContain("--dport 6443", rules);
        Assert.DoesNotContain(ClusterNetwork.PodCidr, rules);
    }

    /// <summary>sshd sets SSH_CONNECTION for the session: "client-address client-port server-address server-port" (sshd(8), ENVIRONMENT).</summary>
    private static string FromRunner(string address, string script) => $"export SSH_CONNECTION='{address} 51234 157.180.13.84 22'\n{script}";

    [HostTheory]
    [InlineData("production", Vlan)]
    [InlineData("staging", "staging-k3s-host")]
    [InlineData("staging", "staging-oracle-bridge-host")]
    public void A_runner_outside_the_admin_ranges_is_not_shut_out_by_enabling_the_firewall(string stack, string script)
    {
        using var host = stack == "production" ? DedicatedHost() : CloudHost();

        var run = host.Run(FromRunner("192.0.2.7", GeneratedScripts.Text(stack, script)));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("192.0.2.7, outside platform:hetzner.adminCidrs and deployRunnerCidrs", run.Stderr);
        Assert.Contains("Status: inactive", host.Run("ufw status").Stdout);
    }

    [HostTheory]
    [InlineData("203.0.113.9")] // inside 203.0.113.0/28
    [InlineData("::ffff:198.51.100.10")] // the /32, as a dual-stack sshd may report it
    [InlineData("203.0.113.20")] // the deploy runner (deployRunnerCidrs), which runs every later step and deployment
    public void A_runner_inside_the_admin_ranges_enables_the_firewall(string address)
    {
        using var host = DedicatedHost();

        host.Run(FromRunner(address, GeneratedScripts.Text("production", Vlan))).Succeeded();

        Assert.Contains("Status: active", host.Run("ufw status").Stdout);
    }

    [HostFact]
    public void An_admin_range_dropped_from_the_config_loses_its_rules_on_the_next_run()
    {
        using var host = DedicatedHost();
        host.Run(GeneratedScripts.Text("production", Vlan)).Succeeded();
        var fewer = GeneratedScripts.Of(Stack.Production.SetList("platform:hetzner.adminCidrs", "198.51.100.10/32").Plan()).Single(s => s.Name == Vlan).Text;

        host.Run(fewer).Succeeded();

        var rules = host.Run("iptables-save").Succeeded().Stdout;
        Assert.DoesNotContain("203.0.113.0/28", rules);
        Assert.Contains("198.51.100.10/32", rules);
    }

    [HostTheory]
    [InlineData("staging", "staging-k3s-host")]
    [InlineData("staging", "staging-oracle-bridge-host")]
    public void A_cloud_host_step_runs_twice_changing_nothing_and_recovers_from_a_failed_apt(string stack, string script)
    {
        using (var host = CloudHost())
            HostAssert.RunsTwiceChangingNothingTheSecondTime(host, GeneratedScripts.Text(stack, script));
        HostAssert.RecoversFromAFailureHalfWay(CloudHost, GeneratedScripts.Text(stack, script), null, "apt-get", "-o DPkg::Lock::Timeout=300 install");
    }

    [HostFact]
    public void Apt_waits_for_the_lock_another_apt_holds() =>
        Assert.All(Stack.Staging.Plan().Servers, s =>
            Assert.Contains("apt-get -o DPkg::Lock::Timeout=300 install", s.HostScript));

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void Every_servers_user_data_is_cloud_config_that_cloud_init_accepts(string stack)
    {
        foreach (var (server, userData) in GeneratedScripts.CloudConfigs(Stack.Load(stack).Plan()))
        {
            var path = Path.Combine(Path.GetTempPath(), $"platform-{server}-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(path, userData);
            try
            {
                var (exit, output) = CloudInitSchema(path);
                Assert.True(exit == 0, $"cloud-init schema rejects the user data of {server}:\n{output}\n{userData}");
                Assert.StartsWith("#cloud-config\n", userData);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private static string[] Ranges(string stack, string key) =>
        Stack.Load(stack).Get("platform:hetzner") is Platform.Stacks.Config.MapNode map
            && map.Entries.Single(e => e.Key == key).Value is Platform.Stacks.Config.ListNode list
            ? list.Items.Select(i => ((Platform.Stacks.Config.ScalarNode)i).Value).ToArray()
            : throw new InvalidOperationException($"no {key}");

    private static (int Exit, string Output) CloudInitSchema(string path)
    {
        try
        {
            var run = ChildProcess.Run(new ProcessStartInfo("cloud-init", ["schema", "--config-file", path]));
            return (run.ExitCode, run.Stdout + run.Stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("cloud-init is not installed: apt-get install -y cloud-init (listed in .ci/apt-packages).");
        }
    }
}

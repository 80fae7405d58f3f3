namespace Platform.Stacks.Tests.Scripts;

/// <summary>What the scripts must do, read from their text.</summary>
public class ScriptContentTests
{
    [Fact]
    public void K3s_is_installed_pinned_with_the_kubelet_reservations_on_the_private_network()
    {
        var script = GeneratedScripts.Text("production", "k3s.install");

        Assert.Contains("version='v1.31.4+k3s1'", script);
        Assert.Contains("--kubelet-arg 'system-reserved=memory=2Gi'", script);
        Assert.Contains("--kubelet-arg 'eviction-hard=memory.available<500Mi'", script);
        Assert.Contains("--node-ip '10.0.1.3'", script);
        Assert.Contains("--flannel-iface 'enp7s0.4010'", script);
        Assert.Contains("already installed", script); // re-runs do nothing
    }

    [Fact]
    public void The_vlan_script_sets_the_vlan_route_and_mtu_and_firewalls_the_private_range()
    {
        var script = GeneratedScripts.Text("production", "ax42u-hel1.vlan");

        Assert.Contains("enp7s0.4010:", script);
        Assert.Contains("id: 4010", script);
        Assert.Contains("mtu: 1400", script);
        Assert.Contains("addresses: [10.0.1.3/24]", script);
        Assert.Contains("- to: 10.0.0.0/16", script);
        Assert.Contains("via: 10.0.1.1", script);
        Assert.Contains("ufw allow in on 'enp7s0.4010' from '10.0.0.0/16'", script);
        Assert.Contains("ufw default deny incoming", script);
    }

    [Fact]
    public void Ic_registration_checks_before_it_registers() =>
        Assert.Contains("already registered", GeneratedScripts.Text("production", "ic-www.register"));

    [Theory]
    [InlineData("staging", "staging-k3s.cloud-init")]
    [InlineData("production", "ax42u-hel1.vlan")]
    public void The_cluster_host_lets_the_admin_ranges_reach_the_kubernetes_api(string stack, string script) =>
        Assert.Contains("admin_ports=('22' '6443')", GeneratedScripts.Text(stack, script));

    [Fact]
    public void Other_hosts_open_only_ssh_to_the_admin_ranges() =>
        Assert.Contains("admin_ports=('22')", GeneratedScripts.Text("staging", "staging-oracle-bridge.cloud-init"));
}

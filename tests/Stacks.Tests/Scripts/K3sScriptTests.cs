using Platform.Stacks.Cluster;
using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts.Hosts;
using YamlDotNet.RepresentationModel;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>The k3s install and kubeconfig read-back, run on a test host with the fake installer and systemd.</summary>
public class K3sScriptTests
{
    private const string PublicIp = "95.217.1.12"; // 11 bytes: 2 modulo 3, the length that broke the first reader

    private static TestHost NewHost() =>
        new TestHost("k3s").Fake(Fakes.Systemctl).Fake(Fakes.CloudInit).Fake(K3sFakes.Curl).Fake(K3sFakes.Kubectl).Fake(K3sFakes.Sleep);

    private static KeyValuePair<string, string>[] Inputs(string ip = PublicIp) => [new(K3sScripts.PublicIpVariable, ip)];

    public static TheoryData<string> Stacks() => ["staging", "production"];

    private static string Install(string stack) => GeneratedScripts.Text(stack, "k3s-install");
    private static string Read(string stack) => GeneratedScripts.Text(stack, "k3s-kubeconfig");

    [HostTheory]
    [MemberData(nameof(Stacks))]
    public void The_install_writes_the_servers_settings_and_starts_k3s_once(string stack)
    {
        using var host = NewHost();

        var run = host.Run(Install(stack), Inputs()).Succeeded();

        var config = Config(host);
        var plan = Stack.Load(stack).Plan().K3s;
        Assert.Equal(plan.Host.PrivateIp, config["node-ip"]);
        Assert.Equal(plan.FlannelInterface, config["flannel-iface"]);
        Assert.Equal(ClusterNetwork.PodCidr, config["cluster-cidr"]);
        Assert.Equal(ClusterNetwork.ServiceCidr, config["service-cidr"]);
        Assert.Equal([PublicIp], List(host, "tls-san"));
        Assert.Equal("0600", config["write-kubeconfig-mode"]);
        Assert.Contains("k3s version v1.31.4+k3s1 ", host.Run("k3s --version").Stdout);
        Assert.Equal(["systemctl restart k3s"], run.CallsOf("systemctl").Where(c => c.Contains("restart")));
        Assert.NotNull(host.Read(K3sScripts.KubeconfigPath));
    }

    /// <summary>
    /// Traefik's Middlewares need its CRDs, which k3s's traefik-crd chart job installs some time after k3s started,
    /// while pulumi-kubernetes gives a create about 30 s of retries: the install step, which every cluster resource
    /// waits for, ends only when the CRDs are established (`kubectl wait` answers NotFound at once meanwhile).
    /// </summary>
    [HostTheory]
    [MemberData(nameof(Stacks))]
    public void The_install_ends_only_when_traefiks_crds_are_established(string stack)
    {
        using var host = NewHost();

        var run = host.Run(Install(stack), Inputs()).Succeeded();

        var waits = run.CallsOf("k3s").Where(c => c.Contains("kubectl wait")).ToList();
        Assert.Equal(["k3s kubectl wait --for=condition=established --timeout=30s crd/helmchartconfigs.helm.cattle.io",
            "k3s kubectl wait --for=condition=established --timeout=30s crd/middlewares.traefik.io",
            "k3s kubectl wait --for=condition=established --timeout=30s crd/middlewares.traefik.io",
            "k3s kubectl wait --for=condition=established --timeout=30s crd/middlewares.traefik.io"], waits);
        Assert.Equal(2, run.CallsOf("sleep").Count());
        Assert.EndsWith("CRDs established: helmchartconfigs.helm.cattle.io middlewares.traefik.io\n", run.Stdout);
    }

    [HostFact]
    public void A_crd_job_slower_than_the_step_fails_it_clearly_and_the_next_run_completes()
    {
        using var host = NewHost();
        using var clean = NewHost();
        clean.Run(Install("production"), Inputs()).Succeeded();
        host.Given("mkdir -p /var/lib/fake-k3s && echo 100 > /var/lib/fake-k3s/traefik-crd-job");

        var failed = host.Run(Install("production"), Inputs());

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"the CRD middlewares.traefik.io is not established after {K3sScripts.CrdAttempts} attempts", failed.Stderr);
        Assert.Contains("traefik-crd job", failed.Stderr);
        Assert.Contains("Error from server (NotFound)", failed.Stderr);
        var second = host.Run(Install("production"), Inputs()).Succeeded();
        Assert.Contains("CRDs established", second.Stdout);
        Assert.Empty(second.CallsOf("curl"));
        Assert.Empty(clean.Snapshot().Diff(host.Snapshot(), [K3sScripts.KubeconfigPath]));
    }

    [HostFact]
    public void The_kubelet_keeps_every_hard_eviction_threshold_with_memory_at_500Mi()
    {
        using var host = NewHost();

        host.Run(Install("production"), Inputs()).Succeeded();

        var kubeletArgs = List(host, "kubelet-arg");
        Assert.Contains("system-reserved=memory=2Gi", kubeletArgs);
        var eviction = kubeletArgs.Single(a => a.StartsWith("eviction-hard="))["eviction-hard=".Length..].Split(',');
        // Kubernetes "Node-pressure Eviction": a set that names one signal zeroes the others.
        Assert.Equal(["memory.available<500Mi", "nodefs.available<10%", "imagefs.available<15%", "nodefs.inodesFree<5%"], eviction);
    }

    [HostTheory]
    [MemberData(nameof(Stacks))]
    public void A_second_install_run_changes_nothing(string stack)
    {
        using var host = NewHost();

        var (_, second) = HostAssert.RunsTwiceChangingNothingTheSecondTime(host, Install(stack), Inputs());

        Assert.Empty(second.CallsOf("curl"));
        Assert.Contains("already running with these settings", second.Stdout);
    }

    [HostFact]
    public void A_changed_setting_reaches_a_running_k3s_of_the_same_version()
    {
        using var host = NewHost();
        host.Run(Install("production"), Inputs()).Succeeded();

        var run = host.Run(Install("production"), Inputs("95.217.1.13")).Succeeded();

        Assert.Equal(["95.217.1.13"], List(host, "tls-san"));
        Assert.Single(run.CallsOf("systemctl"), c => c.Contains("restart"));
        Assert.Empty(run.CallsOf("curl"));
    }

    /// <summary>
    /// A k3s installed before this program (the AX42-U) may run with flags in its unit. k3s gives command-line
    /// flags precedence over config.yaml, and a repeated flag replaces the file's whole list
    /// (docs.k3s.io/installation/configuration, "Configuration File"), so those flags would silently override
    /// the settings this step writes; re-running the installer would drop them (a --data-dir among them would
    /// start an empty cluster). The step stops and says so, before it changes anything.
    /// </summary>
    [HostFact]
    public void A_k3s_unit_with_its_own_flags_is_refused_before_anything_changes()
    {
        using var host = NewHost();
        // The unit as k3s-io/k3s install.sh writes it (create_systemd_service_file, quote_indent) for
        // `sh -s - server --node-ip 10.0.1.3 --kubelet-arg=system-reserved=memory=2Gi`.
        host.Given("""
            mkdir -p /etc/systemd/system
            cat > /etc/systemd/system/k3s.service <<'UNIT'
            [Service]
            Type=notify
            ExecStart=/usr/local/bin/k3s \
                server \
            	'--node-ip' \
            	'10.0.1.3' \
            	'--kubelet-arg=system-reserved=memory=2Gi' \

            UNIT
            """);
        var before = host.Snapshot();

        var run = host.Run(Install("production"), Inputs());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("command-line flags", run.Stderr);
        Assert.DoesNotContain("10.0.1.3", run.Stderr); // a flag may be a --token: its value is never printed
        Assert.Empty(before.Diff(host.Snapshot()));
        Assert.Empty(run.CallsOf("curl"));
    }

    [HostFact]
    public void A_k3s_unit_as_the_installer_writes_it_for_server_alone_is_accepted()
    {
        using var host = NewHost();
        // install.sh for `sh -s - server`: ExecStart=${BIN_DIR}/k3s \ then the indented ${CMD_K3S_EXEC} and a blank line.
        host.Given("""
            mkdir -p /etc/systemd/system
            cat > /etc/systemd/system/k3s.service <<'UNIT'
            [Service]
            Type=notify
            ExecStart=/usr/local/bin/k3s \
                server \

            UNIT
            """);

        host.Run(Install("production"), Inputs()).Succeeded();
    }

    [HostTheory]
    [InlineData("systemctl", "restart")] // settings written, k3s not restarted
    [InlineData("curl", "")] // settings written, k3s not installed
    public void An_install_that_failed_half_way_is_completed_by_the_next_run(string fake, string arguments) =>
        HostAssert.RecoversFromAFailureHalfWay(NewHost, Install("production"), Inputs(), fake, arguments,
            randomContent: [K3sScripts.KubeconfigPath]); // each k3s start on a new host issues its own certificates

    [HostTheory]
    [InlineData("1.2.3.4")] // 1 modulo 3
    [InlineData("10.0.0.10")] // 0 modulo 3
    [InlineData("95.217.1.12")] // 2 modulo 3
    public void Public_addresses_of_every_length_reach_the_certificate_and_the_kubeconfig(string ip)
    {
        using var host = NewHost();

        host.Run(Install("production"), Inputs(ip)).Succeeded();
        var kubeconfig = host.Run(Read("production"), Inputs(ip)).Succeeded().Stdout;

        Assert.Equal([ip], List(host, "tls-san"));
        Assert.Contains($"server: https://{ip}:6443\n", kubeconfig);
    }

    public static TheoryData<string, string> NotAddresses()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in ScriptInputsTests.AdversarialValues())
            if (!System.Text.RegularExpressions.Regex.IsMatch((string)row[1], @"\A(\d{1,3}\.){3}\d{1,3}\z"))
                data.Add((string)row[0], (string)row[1]);
        data.Add("an address and a newline", PublicIp + "\n");
        data.Add("an address and a command", PublicIp + "; reboot");
        return data;
    }

    [HostTheory]
    [MemberData(nameof(NotAddresses))]
    public void Anything_but_an_address_is_refused_before_the_host_changes(string shape, string value)
    {
        using var host = NewHost();
        var before = host.Snapshot();

        var install = host.Run(Install("production"), Inputs(value));
        var read = host.Run(Read("production"), Inputs(value));

        Assert.True(install.ExitCode != 0 && read.ExitCode != 0, $"{shape} was accepted as an address");
        Assert.Contains($"{K3sScripts.PublicIpVariable}", install.Stderr);
        Assert.Empty(before.Diff(host.Snapshot()));
        Assert.Empty(read.Stdout);
    }

    [HostFact]
    public void The_kubeconfig_is_printed_for_the_runner_and_reading_it_twice_changes_nothing()
    {
        using var host = NewHost();
        host.Run(Install("production"), Inputs()).Succeeded();

        var (first, second) = HostAssert.RunsTwiceChangingNothingTheSecondTime(host, Read("production"), Inputs());

        Assert.Equal(host.Read(K3sScripts.KubeconfigPath)!.Replace("https://127.0.0.1:6443", $"https://{PublicIp}:6443"), first.Stdout);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Empty(first.CallsOf("systemctl"));
    }

    [HostFact]
    public void A_client_certificate_near_its_end_is_renewed_before_the_kubeconfig_is_read()
    {
        using var host = NewHost();
        host.Run(Install("production"), Inputs()).Succeeded();
        // The certificate a year-old cluster holds: 30 days left, inside k3s's 90-day renewal window.
        host.Given($"""
            work=$(mktemp -d)
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=old -keyout "$work/key" -out "$work/crt" 2>/dev/null
            sed -i "s#client-certificate-data: .*#client-certificate-data: $(base64 -w0 < "$work/crt")#" {K3sScripts.KubeconfigPath}
            """);

        var run = host.Run(Read("production"), Inputs()).Succeeded();

        Assert.Single(run.CallsOf("systemctl"), c => c.Contains("restart k3s"));
        var certificate = run.Stdout.Split('\n').Single(l => l.Contains("client-certificate-data:")).Split(':')[1].Trim();
        var check = host.Run($"base64 -d <<<'{certificate}' | openssl x509 -noout -checkend $((300 * 86400))");
        Assert.True(check.ExitCode == 0, "the printed client certificate was not renewed");
    }

    [HostFact]
    public void A_failed_renewal_prints_no_kubeconfig()
    {
        using var host = NewHost();
        host.Run(Install("production"), Inputs()).Succeeded();
        host.Given($"sed -i 's#client-certificate-data: .*#client-certificate-data: bm90IGEgY2VydA==#' {K3sScripts.KubeconfigPath}");
        host.FailNext("systemctl", "restart");

        var run = host.Run(Read("production"), Inputs());

        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("client-key-data", run.Stdout + run.Stderr);
    }

    private static Dictionary<string, string> Config(TestHost host) =>
        Yaml(host).Children.Where(c => c.Value is YamlScalarNode)
            .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    private static List<string> List(TestHost host, string key) =>
        ((YamlSequenceNode)Yaml(host).Children[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();

    private static YamlMappingNode Yaml(TestHost host)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(host.Read(K3sScripts.ConfigPath) ?? throw new InvalidOperationException("no config.yaml")));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}

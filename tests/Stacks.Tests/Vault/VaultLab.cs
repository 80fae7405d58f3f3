using Platform.Stacks.Plan;
using Platform.Stacks.Tests.Scripts.Harness;
using Platform.Stacks.Tests.Scripts.Hosts;
using Platform.Stacks.Tests.Scripts;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// A stack's Vault steps, exactly as the plan generates them, run as `pulumi up` runs them on a
/// <see cref="TestHost"/> whose Vault address (the plan's private IP on 8200, on the host's loopback) is
/// forwarded by socat to a <see cref="FakeVault"/> in the test. What `up` does with the steps follows
/// pulumi-command v1.2.1: a new step runs `create`, a step whose inputs changed runs it again, an unchanged
/// one does nothing, ignored inputs do not count (provider/pkg/provider/remote/commandController.go); the
/// first failure stops the steps after it, and a failed step keeps its earlier state.
/// </summary>
public sealed class VaultLab : IAsyncDisposable
{
    private readonly string _socketDir = Directory.CreateTempSubdirectory("fake-vault-").FullName;
    private int? _socat;

    public TestHost Host { get; }
    public FakeVault Vault { get; private set; } = null!;
    public Stack Stack { get; set; }

    /// <summary>Values of the operators' config keys and generated secrets by key; awkward defaults otherwise.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Pulumi's state: per step, the script and stdin it last ran with, and its stdout.</summary>
    public Dictionary<string, (string Script, string Stdin, string Stdout)> State { get; } = new(StringComparer.Ordinal);

    /// <summary>The steps the last <see cref="Up"/> ran, and every call the fakes recorded.</summary>
    public List<string> Ran { get; } = [];
    public List<string> Calls { get; } = [];

    private VaultLab(Stack stack)
    {
        Stack = stack;
        Host = new TestHost("vault")
            .Fake(VaultFakes.Systemctl).Fake(Fakes.CloudInit)
            .Fake(VaultFakes.AptGet).Fake(VaultFakes.AptMark).Fake(VaultFakes.DpkgQuery);
        foreach (var tool in VaultFakes.Recorded) Host.Fake(VaultFakes.Recorder(tool));
    }

    public static async Task<VaultLab> Start(Stack stack)
    {
        var lab = new VaultLab(stack);
        var address = lab.Plan().Target.Address;
        // What the Vault package and a real host have: the vault user, HashiCorp's apt key, the private address.
        lab.Host.Given($"useradd --system --no-create-home vault && mkdir -p /etc/apt/keyrings && echo key > {VaultTarget.AptKeyring} && ip addr add {address}/32 dev lo");
        // The TLS step needs no Vault: run it, then serve the fake with the certificate it made.
        lab.RunStep(lab.Step(VaultStepKind.Tls)).Succeeded();
        var socket = Path.Combine(lab._socketDir, "vault.sock");
        lab.Vault = await FakeVault.Start(socket, lab.Host.HostPath($"{VaultTarget.TlsDir}/vault.crt"), lab.Host.HostPath($"{VaultTarget.TlsDir}/vault.key"));
        // socat outlives the command that starts it: its pid is kept so that Dispose ends it, and only it.
        lab._socat = int.Parse(lab.Host.Output(
            $"setsid socat TCP-LISTEN:{VaultTarget.DefaultPort},bind={address},reuseaddr,fork UNIX-CONNECT:{socket} </dev/null >/dev/null 2>&1 &\necho $!").Trim());
        lab.Host.Given($"for _ in $(seq 1 50); do (exec 3<>/dev/tcp/{address}/{VaultTarget.DefaultPort}) 2>/dev/null && exit 0; sleep 0.1; done; exit 1");
        return lab;
    }

    public VaultPlan Plan() => Stack.Plan().Vault;

    public IReadOnlyList<VaultStep> Steps() => Plan().Steps;

    public VaultStep Step(VaultStepKind kind) => Plan().Step(kind);

    /// <summary>What a step printed on its last successful run (Pulumi's state of its stdout).</summary>
    public string Printed(VaultStepKind kind) => State[Step(kind).Name].Stdout;

    public string Value(SecretSource source) => source switch
    {
        SecretSource.StepOutput o => Printed(o.Step),
        SecretSource.Config c => Values.TryGetValue(c.Key, out var v) ? v : $"value of {c.Key}: it's \"quoted\" $(not run) `x` \\ end=",
        SecretSource.Generated g => Values.TryGetValue(g.Resource, out var v) ? v
            : g.Hex ? Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(g.Resource.PadRight(32, '0')[..32]))
            : $"generated {g.Resource} with 'quotes' and\nnewline==",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public IReadOnlyList<KeyValuePair<string, string>> Inputs(VaultStep step) =>
        step.SecretInputs.Select(i => new KeyValuePair<string, string>(i.Key, Value(i.Value))).ToList();

    /// <summary>Every secret value a step of this lab was given: none may appear in a recorded argument.</summary>
    public IEnumerable<string> SecretValues => State.Values.Select(s => s.Stdout).Where(s => s.Contains("root_token") || s.Contains("secret_id"))
        .Concat(Steps().SelectMany(s => s.SecretInputs.Values).Where(v => v is SecretSource.Config or SecretSource.Generated).Select(Value))
        .Concat(Vault.PlainShares).Concat(Vault.RootToken is { } t ? [t] : []);

    /// <summary>`pulumi up`: the steps whose inputs changed, in order, stopping at the first failure.</summary>
    public UpResult Up()
    {
        Ran.Clear();
        foreach (var step in Steps())
        {
            var stdin = ScriptInputs.Encode(Inputs(step));
            var runsOnce = Policies.CommandInputs.All(step.Policy.IgnoredChanges.Contains);
            if (State.TryGetValue(step.Name, out var last) && (runsOnce || (last.Script == step.Script && last.Stdin == stdin)))
                continue;
            var run = RunStep(step);
            if (run.ExitCode != 0)
                return new UpResult(false, step.Name, run.Stderr + run.Stdout);
        }
        return new UpResult(true, null, "");
    }

    /// <summary>One step, as a first create or `pulumi up --replace` runs it: its state replaced on success.</summary>
    public ScriptRun RunStep(VaultStep step)
    {
        Ran.Add(step.Name);
        var inputs = Inputs(step);
        var run = Host.Run(step.Script, inputs);
        Calls.AddRange(run.Calls);
        // pulumi-command keeps stdout without its last newline (commandOutputs.go).
        if (run.ExitCode == 0)
            State[step.Name] = (step.Script, ScriptInputs.Encode(inputs), run.Stdout.TrimEnd('\n'));
        // A restart of the real Vault seals it: so does the fake's.
        if (run.CallsOf("systemctl").Any(c => c.StartsWith("systemctl restart vault")))
            Vault?.Restart();
        return run;
    }

    /// <summary>What operators do with <c>vault:unsealKeys</c> (README, Vault): threshold of them, PUT sys/unseal.</summary>
    public void OperatorsUnseal()
    {
        var keys = InitAnswer.UnsealKeys(Printed(VaultStepKind.Init));
        foreach (var key in keys.Take(Vault.Threshold))
        {
            var share = Vault.SharesEncrypted ? FakeVault.Decrypt(key) : key;
            Host.Given($"printf '{{\"key\": \"%s\"}}' '{share}' | curl -sf --cacert {VaultTarget.CaCert} -X PUT --data @- {Plan().Target.Url}/v1/sys/unseal >/dev/null");
        }
        Assert.False(Vault.Sealed);
    }

    /// <summary>Vault unreachable: the forwarder to the fake stops.</summary>
    public void Disconnect()
    {
        if (_socat is { } pid)
        {
            try { using var p = System.Diagnostics.Process.GetProcessById(pid); p.Kill(); p.WaitForExit(); }
            catch (ArgumentException) { /* already gone */ }
        }
        _socat = null;
    }

    public async ValueTask DisposeAsync()
    {
        Disconnect();
        Host.Dispose();
        if (Vault is not null) await Vault.DisposeAsync();
        Directory.Delete(_socketDir, recursive: true);
    }
}

public sealed record UpResult(bool Succeeded, string? FailedStep, string Output);

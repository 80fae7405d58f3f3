using Platform.Stacks.Plan;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// A stack's Vault steps run as `pulumi up` runs them, against a <see cref="FakeVault"/> and a
/// <see cref="FakeHost"/>. The steps are the plan's own (<see cref="VaultPlanBuilder"/>), built for a
/// loopback target; what `up` does with them follows pulumi-command v1.2.1: a new step runs `create`, a
/// step whose inputs changed runs it again, an unchanged one does nothing, ignored inputs do not count
/// (provider/pkg/provider/remote/commandController.go); the first failure stops the steps after it, and a
/// failed step has no new output in state.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VaultLab : IAsyncDisposable
{
    public FakeHost Host { get; } = new();
    public FakeVault Vault { get; private set; } = null!;
    public VaultTarget Target { get; private set; } = null!;
    public Stack Stack { get; set; }

    /// <summary>The values of the operators' config keys and generated secrets: awkward on purpose.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Pulumi's state: per step, the inputs it last ran with and its stdout.</summary>
    public Dictionary<string, (string Script, string Stdin, string Stdout)> State { get; } = new(StringComparer.Ordinal);

    public List<string> Ran { get; } = [];

    private VaultLab(Stack stack) => Stack = stack;

    public static async Task<VaultLab> Start(Stack stack)
    {
        var lab = new VaultLab(stack);
        // The TLS step needs no port: run it first, then serve the fake with the certificate it made.
        lab.Target = new VaultTarget("127.0.0.1", 1, lab.Host.Root);
        var step = lab.Steps().Single(s => s.Name == "vault-tls");
        var tls = lab.RunStep(step);
        Assert.True(tls.Exit == 0, tls.Stderr);
        lab.Vault = await FakeVault.Start(Path.Combine(lab.Target.TlsDir, "vault.crt"), Path.Combine(lab.Target.TlsDir, "vault.key"));
        lab.Target = lab.Target with { Port = lab.Vault.Port };
        return lab;
    }

    public IReadOnlyList<VaultStep> Steps()
    {
        var (settings, problems) = Validation.Load(Stack);
        Assert.Empty(problems);
        var plan = PlanBuilder.Build(settings);
        return VaultPlanBuilder.Build(settings, plan.Vault.Host, plan.GeneratedSecrets, Target).Steps;
    }

    public string Value(SecretSource source) => source switch
    {
        SecretSource.InitOutput => State["vault-init"].Stdout,
        SecretSource.DeployerOutput => State["vault-deployer"].Stdout,
        SecretSource.Config c => Values.TryGetValue(c.Key, out var v) ? v : $"value of {c.Key}: it's \"quoted\" $(not run) `x` \\ end=",
        SecretSource.Generated g => Values.TryGetValue(g.Resource, out var v) ? v : g.Hex ? Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(g.Resource.PadRight(32, '0')[..32])) : $"generated {g.Resource} with 'quotes' and\nnewline==",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public string Stdin(VaultStep step) =>
        ScriptInputs.Encode(step.SecretInputs.Select(i => new KeyValuePair<string, string>(i.Key, Value(i.Value))));

    /// <summary>`pulumi up`: the steps whose inputs changed, in order, stopping at the first failure.</summary>
    public UpResult Up()
    {
        Ran.Clear();
        foreach (var step in Steps())
        {
            var stdin = Stdin(step);
            var runsOnce = step.Policy.IgnoredChanges.Contains("create");
            if (State.TryGetValue(step.Name, out var last) && (runsOnce || (last.Script == step.Script && last.Stdin == stdin)))
                continue;
            var run = RunStep(step, stdin);
            if (run.Exit != 0)
                return new UpResult(false, step.Name, run.Stderr + run.Stdout);
        }
        return new UpResult(true, null, "");
    }

    /// <summary>One step, as `pulumi up --replace` (or a first create) runs it: its state replaced on success.</summary>
    public FakeHost.Run RunStep(VaultStep step, string? stdin = null)
    {
        stdin ??= Stdin(step);
        Ran.Add(step.Name);
        var before = Host.Commands.Count();
        var run = Host.Bash(step.Script, stdin);
        // A restart of the real Vault seals it: so does the fake's.
        if (Host.Commands.Skip(before).Any(c => c == "systemctl restart vault"))
            Vault.Restart();
        if (run.Exit == 0)
            State[step.Name] = (step.Script, stdin, run.Stdout);
        return run;
    }

    public VaultStep Step(string name) => Steps().Single(s => s.Name == name);

    /// <summary>What operators do with their shares (README, Vault): threshold of them, PUT sys/unseal.</summary>
    public async Task OperatorsUnseal()
    {
        // Verified against Vault's CA, as the README tells operators (curl --cacert).
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Target.CaCert));
        using var http = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return cert is not null && chain.Build(cert);
            },
        });
        var keys = Platform.Stacks.Vault.InitAnswer.UnsealKeys(State["vault-init"].Stdout);
        foreach (var key in keys.Take(Vault.Threshold))
        {
            var share = Vault.SharesEncrypted ? FakeVault.Decrypt(key) : key;
            var response = await http.PutAsync($"{Vault.Url}/v1/sys/unseal", new StringContent($"{{\"key\":\"{share}\"}}"));
            response.EnsureSuccessStatusCode();
        }
        Assert.False(Vault.Sealed);
    }

    public async ValueTask DisposeAsync()
    {
        await Vault.DisposeAsync();
        Host.Dispose();
    }
}

public sealed record UpResult(bool Succeeded, string? FailedStep, string Output);

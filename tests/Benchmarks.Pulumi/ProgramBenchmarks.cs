using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Moq;
using Platform.Infra;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;
using Platform.Tests.Shared;
using Pulumi;
using Pulumi.Testing;
using Cloudflare = Pulumi.Cloudflare;

namespace Platform.Benchmarks.Pulumi;

/// <summary>
/// The targets of README "Benchmarks": the real program (config → validation → plan → components) under Pulumi
/// mocks beside the bare SDK registering the same resources, at production's size and with ten times its
/// DNS records. Baseline (<see cref="BareSdk"/>): every resource the program registers, same type, name,
/// parent and the very inputs it sent (recorded in setup), replayed through the SDK alone as plain
/// components and <see cref="DictionaryResourceArgs"/> custom resources. <see cref="BareSdkNoInputs"/>
/// shows what the inputs themselves cost the SDK.
/// Deployment.TestAsync is process-wide state: BenchmarkDotNet runs the cases one after another.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ProgramBenchmarks
{
    private const string Stack = "production";
    private static readonly TestOptions Options = new() { IsPreview = false, ProjectName = "platform", StackName = Stack };

    /// <summary>1: production as it is; 10: with ten times its DNS records (extra TXT records).</summary>
    [Params(1, 10)]
    public int DnsScale { get; set; }

    private StackPlan _plan = null!;
    private IMocks _mocks = null!;
    private int _registered;
    private int _nextId = 1000;
    private Dictionary<(string Type, string Name), System.Collections.Immutable.ImmutableDictionary<string, object>>? _recording;
    private Dictionary<(string Type, string Name), System.Collections.Immutable.ImmutableDictionary<string, object>> _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var yaml = File.ReadAllText(Path.Combine(Root(), $"Pulumi.{Stack}.yaml"));
        if (DnsScale > 1)
            yaml = StackText.WithExtraDnsRecords(yaml, DnsRecords(yaml) * (DnsScale - 1));
        var file = StackFile.Parse(Stack, $"Pulumi.{Stack}.yaml", yaml);
        var (settings, problems) = Validation.Load(file);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        _plan = PlanBuilder.Build(settings);

        // Each test deployment reads these when it starts: set once for the whole process.
        EngineConfig.Apply(file);
        _mocks = Mocks();

        // Record what the program sends, to replay it through the bare SDK.
        _recording = [];
        Program();
        (_inputs, _recording) = (_recording, null);

        // Every side must register exactly the plan's resources, or the comparison means nothing.
        var expected = _plan.Resources.Count;
        foreach (var (name, run) in new (string, Func<int>)[] { ("Program", Program), ("Components", Components), ("BareSdk", BareSdk), ("BareSdkNoInputs", BareSdkNoInputs) })
            if (run() is var got && got != expected)
                throw new InvalidOperationException($"{name} registered {got} resources, the plan has {expected}");
        Console.WriteLine($"// plan: {expected} resources, {_plan.Resources.Count(r => r.Type == Tokens.DnsRecord)} DNS records");
    }

    [Benchmark, BenchmarkCategory("stack")]
    public int Program() => Run(() => PlatformStack.Run());

    /// <summary>
    /// The components alone, from the plan built in setup: Program − Components is the program's own work
    /// (config, validation, plan), the part the 5% target of README "Benchmarks" is about.
    /// </summary>
    [Benchmark, BenchmarkCategory("stack")]
    public int Components() => Run(() => PlatformStack.Deploy(_plan));

    [Benchmark(Baseline = true), BenchmarkCategory("stack")]
    public int BareSdk() => Run(() =>
    {
        var registered = new Dictionary<string, Resource>();
        foreach (var r in _plan.Resources)
        {
            Resource? parent = r.Parent is null ? null : registered[r.Parent];
            registered[r.Name] = r.IsComponent
                ? new ComponentResource(r.Type, r.Name, new ComponentResourceOptions { Parent = parent })
                : new CustomResource(r.Type, r.Name, new DictionaryResourceArgs(_inputs[(r.Type, r.Name)]!),
                    new CustomResourceOptions { Parent = parent });
        }
    });

    /// <summary>
    /// The DNS zone as the program builds it (the DNS component from the plan's records) beside the same
    /// typed Cloudflare DnsRecords registered directly: the 1.2x target of README "Benchmarks".
    /// </summary>
    [Benchmark, BenchmarkCategory("dns")]
    public int DnsComponent() => Run(() =>
    {
        var ips = ServerIps();
        _ = new global::Platform.Components.Dns.ManagedZone(_plan.Dns, host => host.Output is { } ip ? ips[ip] : host.Known!);
    });

    [Benchmark(Baseline = true), BenchmarkCategory("dns")]
    public int DnsBareSdk() => Run(() =>
    {
        var ips = ServerIps();
        foreach (var r in _plan.Dns.Records.Concat(_plan.Dns.IcDomains.SelectMany(d => d.Records)))
            _ = new Cloudflare.DnsRecord(r.LogicalName, new Cloudflare.DnsRecordArgs
            {
                ZoneId = _plan.Dns.ZoneId,
                Name = r.Fqdn,
                Type = r.Type,
                Content = r.Address is { } host ? host.Output is { } ip ? ips[ip] : host.Known! : r.Content!,
                Proxied = r.Proxied,
                Ttl = r.Ttl,
                Priority = r.Priority is { } priority ? (Input<double>)priority : null,
                Comment = r.Comment is { } comment ? (Input<string>)comment : null,
            });
    });

    private Dictionary<global::Platform.Stacks.Plan.OutputReference, Output<string>> ServerIps() =>
        _plan.Servers.ToDictionary(s => s.PublicIpv4, _ => Output.Create("198.51.100.1"));

    [Benchmark, BenchmarkCategory("stack")]
    public int BareSdkNoInputs() => Run(() =>
    {
        var registered = new Dictionary<string, Resource>();
        foreach (var r in _plan.Resources)
        {
            Resource? parent = r.Parent is null ? null : registered[r.Parent];
            registered[r.Name] = r.IsComponent
                ? new ComponentResource(r.Type, r.Name, new ComponentResourceOptions { Parent = parent })
                : new CustomResource(r.Type, r.Name, ResourceArgs.Empty, new CustomResourceOptions { Parent = parent });
        }
    });

    private int Run(Action body)
    {
        _registered = 0;
        Deployment.TestAsync(_mocks, Options, body).GetAwaiter().GetResult();
        return _registered;
    }

    private int Run(Func<IDictionary<string, object?>> body)
    {
        _registered = 0;
        Deployment.TestAsync(_mocks, Options, body).GetAwaiter().GetResult();
        return _registered;
    }

    /// <summary>The minimal mocks of tests/Components.Tests: ids, and the outputs components consume.</summary>
    private IMocks Mocks()
    {
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                Interlocked.Increment(ref _registered);
                if (_recording is not null)
                    lock (_recording) _recording[(args.Type!, args.Name!)] = args.Inputs;
                var id = string.IsNullOrEmpty(args.Id) ? Interlocked.Increment(ref _nextId).ToString() : args.Id;
                return (id, (object)args.Inputs.AddRange(MockOutputs.For(args, id)));
            });
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => args.Args);
        return mocks.Object;
    }

    private static int DnsRecords(string yaml)
    {
        var (settings, _) = Validation.Load(StackFile.Parse(Stack, "p", yaml));
        return PlanBuilder.Build(settings).Resources.Count(r => r.Type == Tokens.DnsRecord);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}

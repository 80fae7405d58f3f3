using BenchmarkDotNet.Attributes;
using Moq;
using Platform.Infra;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;
using Platform.Tests.Shared;
using Pulumi;
using Pulumi.Testing;

namespace Platform.Benchmarks.Pulumi;

/// <summary>
/// DESIGN "Performance targets": the real program (config → validation → plan → components) under Pulumi
/// mocks beside the bare SDK registering the same resources (the plan's (Type, Name, Parent), in order,
/// as plain components and generic custom resources with no inputs) under the same mocks and options;
/// at production's size and with ten times its DNS records. Baseline: the bare SDK at each size.
/// Deployment.TestAsync is process-wide state: BenchmarkDotNet runs the cases one after another.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
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

        // Both sides must register exactly the plan's resources, or the comparison means nothing.
        var expected = _plan.Resources.Count;
        foreach (var (name, run) in new (string, Func<int>)[] { ("Program", Program), ("BareSdk", BareSdk) })
            if (run() is var got && got != expected)
                throw new InvalidOperationException($"{name} registered {got} resources, the plan has {expected}");
        Console.WriteLine($"// plan: {expected} resources, {_plan.Resources.Count(r => r.Type == Tokens.DnsRecord)} DNS records");
    }

    [Benchmark]
    public int Program() => Run(() => PlatformStack.Run());

    /// <summary>
    /// The components alone, from the plan built in setup: Program − Components is the program's own work
    /// (config, validation, plan), the part DESIGN's 1.2x target is about.
    /// </summary>
    [Benchmark]
    public int Components() => Run(() => PlatformStack.Deploy(_plan));

    [Benchmark(Baseline = true)]
    public int BareSdk() => Run(() =>
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

using BenchmarkDotNet.Attributes;
using Platform.Cli;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;
using Platform.Tests.Shared;

namespace Platform.Benchmarks;

/// <summary>
/// The offline plan of production, end to end from the YAML text (parse, bind, validate, plan, render),
/// and the same with ten times its DNS records, to check that the cost grows linearly.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class PlanBenchmarks
{
    private string _production = "";
    private string _tenfoldDns = "";

    [GlobalSetup]
    public void Setup()
    {
        _production = File.ReadAllText(Path.Combine(Root(), "Pulumi.production.yaml"));
        _tenfoldDns = StackText.WithExtraDnsRecords(_production, Records(_production) * 9);
    }

    [Benchmark(Baseline = true)]
    public int Production() => Plan(_production);

    [Benchmark]
    public int ProductionTenfoldDns() => Plan(_tenfoldDns);

    private static int Plan(string yaml)
    {
        var (settings, problems) = Validation.Load(StackFile.Parse("production", "Pulumi.production.yaml", yaml));
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));
        return TreePlan.Write(PlanBuilder.Build(settings)).Length;
    }

    /// <summary>How many DNS records the stack manages (IC domains count three each).</summary>
    internal static int Records(string yaml)
    {
        var (settings, _) = Validation.Load(StackFile.Parse("production", "p", yaml));
        return PlanBuilder.Build(settings).Resources.Count(r => r.Type == Tokens.DnsRecord);
    }

    internal static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}

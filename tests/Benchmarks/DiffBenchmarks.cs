using BenchmarkDotNet.Attributes;
using Platform.Cli.Diff;
using Platform.Tests.Shared;

namespace Platform.Benchmarks;

/// <summary>
/// `diff production` in process, end to end from the two stack files' text (parse, validate and plan both
/// sides, compare, render the PR comment): against itself (no change), and against a variant with ten times
/// its DNS records (nine tenths of them added, each listed input by input). The target (README "Benchmarks"): under a second.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class DiffBenchmarks
{
    private string _production = "";
    private string _tenfoldDns = "";

    [GlobalSetup]
    public void Setup()
    {
        _production = File.ReadAllText(Path.Combine(PlanBenchmarks.Root(), "Pulumi.production.yaml"));
        _tenfoldDns = StackText.WithExtraDnsRecords(_production, PlanBenchmarks.Records(_production) * 9);
    }

    [Benchmark(Baseline = true)]
    public int ProductionAgainstItself() => Diff(_production, _production);

    [Benchmark]
    public int ProductionAgainstTenfoldDns() => Diff(_production, _tenfoldDns);

    private static int Diff(string @base, string head)
    {
        var diff = PlanDiff.Compare("production",
            DiffInputs.Side("base", "production", "base/Pulumi.production.yaml", @base, "the base"),
            DiffInputs.Side(DiffInputs.HeadLabel, "production", "Pulumi.production.yaml", head, "the working tree"));
        return DiffMarkdown.Write(diff, "dotnet run --project cli -- diff production --base base").Length;
    }
}

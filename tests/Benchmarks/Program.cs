using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Platform.Benchmarks.PlanBenchmarks).Assembly).Run(args);

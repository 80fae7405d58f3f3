using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Platform.Benchmarks.Pulumi.ProgramBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Mlops.Benchmarks -- --filter '*'
// Add --job short while iterating; the figures in docs/benchmarks.md come from the default job.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

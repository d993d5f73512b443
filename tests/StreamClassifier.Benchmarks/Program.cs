using BenchmarkDotNet.Running;

// Run e.g. `dotnet run -c Release --project tests/StreamClassifier.Benchmarks -- --filter '*FilterChain*' --job short`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

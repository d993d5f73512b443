using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace StreamClassifier.Benchmarks.Scoring;

/// <summary>
/// Why the scorer binds its buffers with <see cref="OrtIoBinding"/>: the same preallocated, pinned
/// OrtValues run through <c>Run(RunOptions, names, values, names, values)</c> and through
/// <c>RunWithBinding</c>, to compare time and managed allocation per call.
/// Run: <c>dotnet run -c Release --project tests/StreamClassifier.Benchmarks -- --filter '*OrtRunStyleBenchmarks*' --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class OrtRunStyleBenchmarks : IDisposable
{
    private const int Batch = 8;
    private readonly string[] inputNames = ["input"];
    private readonly string[] outputNames = ["output"];
    private InferenceSession? session;
    private RunOptions? runOptions;
    private OrtValue? input;
    private OrtValue? output;
    private OrtValue[] inputs = [];
    private OrtValue[] outputs = [];
    private OrtIoBinding? binding;

    /// <summary>Creates the session, the pinned values and the binding.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using (var options = new SessionOptions { IntraOpNumThreads = 1 })
        {
            session = new InferenceSession(BenchModels.Example2OneChannel(), options);
        }

        runOptions = new RunOptions();
        var windows = GC.AllocateArray<float>(Batch * 500, pinned: true);
        var probabilities = GC.AllocateArray<float>(Batch, pinned: true);
        input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, windows.AsMemory(), [Batch, 1, 500]);
        output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, probabilities.AsMemory(), [Batch, 1]);
        inputs = [input];
        outputs = [output];
        binding = session.CreateIoBinding();
        binding.BindInput("input", input);
        binding.BindOutput("output", output);
    }

    /// <summary>Named run into preallocated outputs.</summary>
    [Benchmark(Baseline = true)]
    public void RunWithPreallocatedOutputs() => session!.Run(runOptions!, inputNames, inputs, outputNames, outputs);

    /// <summary>Run through a binding made once.</summary>
    [Benchmark]
    public void RunWithBinding() => session!.RunWithBinding(runOptions!, binding!);

    /// <summary>Releases everything.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        binding?.Dispose();
        input?.Dispose();
        output?.Dispose();
        runOptions?.Dispose();
        session?.Dispose();
        session = null;
        GC.SuppressFinalize(this);
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Benchmarks.Scoring;

/// <summary>
/// The scorer alone: windows/s per batch size for the seed's Example 2 network (one channel,
/// 500-sample windows), and proof (MemoryDiagnoser) that a steady-state call allocates nothing.
/// Run: <c>dotnet run -c Release --project tests/StreamClassifier.Benchmarks -- --filter '*ScorerBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ScorerBenchmarks : IDisposable
{
    private OnnxWindowScorer? scorer;
    private float[] windows = [];
    private float[] probabilities = [];

    /// <summary>Windows per call.</summary>
    [Params(1, 8, 32, 64)]
    public int BatchSize { get; set; }

    /// <summary>ONNX Runtime intra-op threads (0 = one per core).</summary>
    [Params(1, 0)]
    public int IntraOpThreads { get; set; }

    /// <summary>Loads the model and fills the batch with z-normalised random windows.</summary>
    [GlobalSetup]
    public void Setup()
    {
        scorer = OnnxWindowScorer.Load(BenchModels.Example2OneChannel(), options: new OnnxScorerOptions { IntraOpThreads = IntraOpThreads });
        var random = new Random(1);
        windows = new float[BatchSize * scorer.Channels * scorer.WindowLength];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = (float)((random.NextDouble() * 2) - 1);
        }

        probabilities = new float[BatchSize];
        scorer.Score(windows, BatchSize, probabilities);   // create this batch size's bound values before measuring
    }

    /// <summary>One call scoring <see cref="BatchSize"/> windows.</summary>
    [Benchmark]
    public void Score() => scorer!.Score(windows, BatchSize, probabilities);

    /// <summary>Releases the session.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        scorer?.Dispose();
        scorer = null;
        GC.SuppressFinalize(this);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new WindowsPerSecondColumn());
    }
}

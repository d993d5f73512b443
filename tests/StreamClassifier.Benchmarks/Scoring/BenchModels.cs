using StreamClassifier.Onnx.Export;

namespace StreamClassifier.Benchmarks.Scoring;

/// <summary>Models the benchmarks score, under <c>models/bench/</c>; generated reproducibly when missing.</summary>
public static class BenchModels
{
    /// <summary>Seed of the random weights of the committed Example 2 benchmark model.</summary>
    public const int Example2Seed = 2026;

    /// <summary>Seed of the random weights of the committed Example 1 (tiny) benchmark model.</summary>
    public const int Example1Seed = 2027;

    /// <summary>The seed's Example 1 architecture for one channel and 250-sample windows, with random weights (topologies/bench-example1.yaml).</summary>
    public static string Example1OneChannel()
    {
        var path = Path.Combine(RepoRoot(), "models", "bench", "seed_example1_1x250.onnx");
        if (!File.Exists(path))
        {
            ConvDenseNetwork.BuildRandom(1, 250, Example1Seed).Save(path, ConvDenseNetwork.BenchCard(Example1Seed));
        }

        return path;
    }

    /// <summary>
    /// The seed's Example 2 architecture for one channel and 500-sample windows, with random weights
    /// (the reference seed_example2.onnx is fixed at 3 channels × 200 samples, so it cannot stand in).
    /// </summary>
    public static string Example2OneChannel()
    {
        var path = Path.Combine(RepoRoot(), "models", "bench", "seed_example2_1x500.onnx");
        if (!File.Exists(path))
        {
            ConvBatchNormNetwork.BuildRandom(1, 500, Example2Seed).Save(path, ConvBatchNormNetwork.BenchCard(Example2Seed));
        }

        return path;
    }

    private static string RepoRoot()
    {
        // BenchmarkDotNet runs the benchmark from a generated project under bin/, so walk up from there.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "StreamClassifier.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"StreamClassifier.sln was not found above {AppContext.BaseDirectory}; run the benchmarks from the repository.");
    }
}

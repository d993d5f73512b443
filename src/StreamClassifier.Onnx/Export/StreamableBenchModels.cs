using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Onnx.Export;

/// <summary>
/// The committed streamable benchmark models (<c>models/bench/streamable_*.onnx</c>): the seed's Example 2
/// layers made streamable — Conv(64, k5) → BatchNorm → ReLU → MaxPool → Conv(128, k3) → BatchNorm → ReLU,
/// valid convolutions — with global average pooling → Dense(1) as the head, on one channel at 250 Hz
/// after the benchmark topologies' bandpass, with fixed normalisation. The pooling is chosen so its
/// stride divides the hop: 2 for 720-sample windows every 90 samples, 5 for 500 every 125.
/// </summary>
public static class StreamableBenchModels
{
    /// <summary>Seed of the random weights.</summary>
    public const int Seed = 2028;

    /// <summary>The two configurations: file stem, window length, hop and pooling.</summary>
    public static IReadOnlyList<(string Stem, int WindowLength, int Hop, int Pool)> Configurations { get; } =
    [
        ("streamable_1x720_hop90", 720, 90, 2),
        ("streamable_1x500_hop125", 500, 125, 5),
    ];

    /// <summary>The network for windows of <paramref name="windowLength"/> with pooling <paramref name="pool"/>.</summary>
    public static OnnxGraphBuilder Build(int windowLength, int pool) =>
        StreamableConvNetwork.BuildRandom(1, windowLength, [new StreamableBlock(64, 5, 1, pool), new StreamableBlock(128, 3)], StreamableHead.GlobalAverage, Seed, "streamable_example2");

    /// <summary>The card of the committed model <paramref name="stem"/>.</summary>
    public static ModelCard Card(string stem, int windowLength, int hop, int pool) =>
        StreamableConvNetwork.RandomCard(Build(windowLength, pool), stem.Replace('_', '-'), 1, windowLength, hop, 250, Seed,
            $"streamable example 2 (Conv64k5-BN-ReLU-MaxPool{pool}-Conv128k3-BN-ReLU-GAP-Dense1-Sigmoid, valid convolutions)") with
        {
            Preprocessing = new PreprocessingCard
            {
                Filters = [FilterSpec.Bandpass(0.5, 40, 4)],
                WindowHop = hop,
                Normalize = NormalizationKind.Fixed,
                Mean = [0.0],
                Std = [1.0],
            },
        };
}

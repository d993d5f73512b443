using StreamClassifier.Trainer.Evaluation;

namespace StreamClassifier.Trainer.Tests.Evaluation;

public sealed class TrainingPlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string scratch = Directory.CreateTempSubdirectory("plots-tests-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Loss_accuracy_and_roc_plots_render_as_800_by_500_pngs()
    {
        IReadOnlyList<EpochPoint> member =
        [
            new(1, 0.69, 0.55, 0.70, 0.50),
            new(2, 0.50, 0.75, 0.55, 0.70),
            new(3, 0.30, 0.90, 0.40, 0.85),
        ];
        var roc = RocCurve.Compute([0, 0, 1, 1, 1], [0.1f, 0.6f, 0.4f, 0.8f, 0.9f]);

        var lossPath = Path.Combine(scratch, "sub", "loss.png");
        var accuracyPath = Path.Combine(scratch, "accuracy.png");
        var rocPath = Path.Combine(scratch, "roc.png");
        TrainingPlots.SaveLossCurves(lossPath, [member, member], "GunPoint");
        TrainingPlots.SaveAccuracyCurves(accuracyPath, [member], "GunPoint");
        TrainingPlots.SaveRocCurve(rocPath, roc, "GunPoint TEST");

        foreach (var path in new[] { lossPath, accuracyPath, rocPath })
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(PngSignature, bytes[..8]);

            // IHDR: width and height, big-endian, at bytes 16..23.
            Assert.Equal(800, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(500, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));

            // A blank canvas compresses to almost nothing; lines, labels and legend do not.
            Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
        }
    }
}

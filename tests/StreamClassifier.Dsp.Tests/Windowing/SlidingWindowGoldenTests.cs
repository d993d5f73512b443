using System.Text.Json;

using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Normalization;
using StreamClassifier.Dsp.Windowing;
using StreamClassifier.Testing;

namespace StreamClassifier.Dsp.Tests.Windowing;

public sealed class SlidingWindowGoldenTests
{
    private const double Tolerance = 1e-6;

    private static readonly Lazy<Reference> LazyReference = new(Reference.Load);

    public static TheoryData<int, int, int> CasesByChunk
    {
        get
        {
            var data = new TheoryData<int, int, int>();
            foreach (var windowCase in LazyReference.Value.Cases)
            {
                // 0 means "all rows at once".
                foreach (var chunk in new[] { 1, 7, 64, 333, 0 })
                {
                    data.Add(windowCase.Size, windowCase.Hop, chunk);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CasesByChunk))]
    public void Windows_and_zscores_match_the_reference_for_any_chunking(int size, int hop, int chunkRows)
    {
        var reference = LazyReference.Value;
        var expected = reference.Cases.Single(c => c.Size == size && c.Hop == hop);
        var windows = Cut(reference.Input, reference.Channels, new WindowSpec(size, hop), chunkRows, NormalizationSpec.ZScore);

        Assert.Equal(expected.Windows.Select(w => w.Start), windows.Select(w => w.Start));
        for (var w = 0; w < windows.Count; w++)
        {
            var worst = 0.0;
            for (var channel = 0; channel < reference.Channels; channel++)
            {
                for (var i = 0; i < size; i++)
                {
                    // Reference is [sample][channel]; ours is channel-major.
                    worst = Math.Max(worst, Math.Abs(windows[w].Values[(channel * size) + i] - expected.Windows[w].ZNorm[i][channel]));
                }
            }

            Assert.True(worst <= Tolerance, $"size {size} hop {hop} chunk {chunkRows}: window at {windows[w].Start} differs by {worst:E2}");
        }
    }

    /// <summary>Feeds rows in chunks and collects every window (normalised) with its start index.</summary>
    internal static List<(long Start, float[] Values)> Cut(double[] rows, int channels, WindowSpec spec, int chunkRows, NormalizationSpec normalization)
    {
        var window = new SlidingWindow(spec, channels);
        var normalizer = WindowNormalizer.Create(normalization, channels);
        var buffer = new double[spec.Size * channels];
        var windows = new List<(long, float[])>();
        var totalRows = rows.Length / channels;
        var step = chunkRows == 0 ? totalRows : chunkRows;
        for (var start = 0; start < totalRows; start += step)
        {
            var chunk = rows.AsSpan(start * channels, Math.Min(step, totalRows - start) * channels);
            while (!chunk.IsEmpty)
            {
                var consumed = window.Append(chunk);
                chunk = chunk[(consumed * channels)..];
                if (window.WindowReady)
                {
                    var startIndex = window.WindowStartIndex;
                    window.CopyWindowTo(buffer);
                    var normalised = new float[buffer.Length];
                    normalizer.Normalize(buffer, channels, spec.Size, normalised);
                    windows.Add((startIndex, normalised));
                }
            }
        }

        return windows;
    }

    private sealed record WindowCase(int Size, int Hop, IReadOnlyList<(long Start, double[][] ZNorm)> Windows);

    private sealed record Reference(double[] Input, int Channels, IReadOnlyList<WindowCase> Cases)
    {
        public static Reference Load()
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(SharedPaths.Reference("dsp", "windows.json")));
            var root = document.RootElement;
            var inputRows = root.GetProperty("input").EnumerateArray().Select(Row).ToArray();
            var cases = root.GetProperty("cases").EnumerateArray().Select(c => new WindowCase(
                c.GetProperty("size").GetInt32(),
                c.GetProperty("hop").GetInt32(),
                [.. c.GetProperty("windows").EnumerateArray().Select(w => (
                    w.GetProperty("start").GetInt64(),
                    w.GetProperty("znorm").EnumerateArray().Select(Row).ToArray()))])).ToArray();
            return new Reference([.. inputRows.SelectMany(row => row)], inputRows[0].Length, cases);
        }

        private static double[] Row(JsonElement row) => [.. row.EnumerateArray().Select(value => value.GetDouble())];
    }
}

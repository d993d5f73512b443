using CsCheck;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Checkpoints;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests.Properties;

/// <summary>
/// Through the pipeline's per-sensor path (filters, windows, normalisation, scoring, alerts): any
/// chunking gives the same results, and checkpoint → restore → continue equals an uninterrupted run.
/// </summary>
public class StreamProperties
{
    private static TopologyDefinition Topology(int size, int hop) => Topologies.Of(
        new BatchingSpec { MaxBatch = 4, MaxDelayMs = 10 },
        Topologies.Stream(
            rateHz: 100,
            size: size,
            hop: hop,
            filters: [FilterSpec.Highpass(1, 1), FilterSpec.Lowpass(20, 2)],
            normalize: NormalizationSpec.ZScore,
            alert: new AlertPolicySpec { Threshold = 0.5, RaiseAfter = 2, OfLast = 3, ClearBelow = 0.45, ClearAfter = 2, CooldownS = 0.1 }));

    /// <summary>A signal, a window shape and two ways to cut it into chunks.</summary>
    private static readonly Gen<(int Seed, int Rows, int Size, int Hop, int[] CutsA, int[] CutsB, int Checkpoint)> Cases =
        from seed in Gen.Int[0, 1000]
        from rows in Gen.Int[1, 400]
        from size in Gen.Int[2, 32]
        from hop in Gen.Int[1, 40]
        from cutsA in Gen.Int[1, 80].Array[1, 12]
        from cutsB in Gen.Int[1, 80].Array[1, 12]
        from checkpoint in Gen.Int[0, 60]
        select (seed, rows, size, hop, cutsA, cutsB, checkpoint);

    [Fact]
    public void Windows_scores_and_alerts_do_not_depend_on_the_chunking() =>
        Cases.Sample(c =>
        {
            var signal = Signals.Noisy(c.Rows, 1, c.Seed);
            var topology = Topology(c.Size, c.Hop);

            var a = Run(topology, c.Size, Chunks(signal, c.CutsA));
            var b = Run(topology, c.Size, Chunks(signal, c.CutsB));

            Results.Equal(a, b);
            var windows = a.GetValueOrDefault("a", []).Count(line => line.StartsWith("window", StringComparison.Ordinal));
            Assert.Equal(c.Rows < c.Size ? 0 : ((c.Rows - c.Size) / c.Hop) + 1, windows);
        }, iter: 60);

    [Fact]
    public void Checkpoint_restore_and_continue_equals_an_uninterrupted_run() =>
        Cases.Sample(c =>
        {
            var topology = Topology(c.Size, c.Hop);
            var chunks = Chunks(Signals.Noisy(c.Rows, 1, c.Seed), c.CutsA);
            var cut = Math.Min(c.Checkpoint, chunks.Count);
            var reference = Run(topology, c.Size, chunks);

            List<PipelineEvent> before;
            SensorStateSnapshot? checkpoint;
            using (var first = new Harness(topology, new FakeScorer(1, c.Size, FakeScorer.AllValues)))
            {
                first.PushAll(chunks.Take(cut));
                before = [.. first.Events];
                checkpoint = first.Pipeline.Snapshot("a");
            }

            var restored = checkpoint is null ? null : SensorStateSnapshot.FromBytes(checkpoint.ToBytes());
            using var second = new Harness(topology, new FakeScorer(1, c.Size, FakeScorer.AllValues), beforeStart: pipeline =>
            {
                if (restored is not null)
                {
                    pipeline.Restore(restored);
                }
            });
            second.PushAll(chunks.Skip(cut));
            second.Complete();

            Results.Equal(reference, Results.PerSensor(before.Concat(second.Events)));
        }, iter: 60);

    private static Dictionary<string, List<string>> Run(TopologyDefinition topology, int size, IEnumerable<SampleChunk> chunks)
    {
        using var harness = new Harness(topology, new FakeScorer(1, size, FakeScorer.AllValues));
        harness.PushAll(chunks);
        harness.Complete();
        Assert.Null(harness.Error);
        Assert.True(harness.Completed);
        return Results.PerSensor(harness.Events);
    }

    /// <summary>Cuts sensor "a"'s signal into consecutive chunks of the given row counts (cycling), with consecutive times and offsets.</summary>
    private static List<SampleChunk> Chunks(double[] signal, int[] cuts)
    {
        var chunks = new List<SampleChunk>();
        for (int start = 0, k = 0; start < signal.Length; k++)
        {
            var n = Math.Min(cuts[k % cuts.Length], signal.Length - start);
            chunks.Add(new SampleChunk("a", start * 10.0, 100, 1, signal.AsMemory(start, n), new SourcePosition("sensors", 0, k)));
            start += n;
        }

        return chunks;
    }
}

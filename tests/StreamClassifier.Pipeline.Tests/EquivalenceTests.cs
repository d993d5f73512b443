using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Checkpoints;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

/// <summary>The same samples give the same windows, scores and alerts however they are chunked, interleaved or checkpointed.</summary>
public class EquivalenceTests
{
    private static TopologyDefinition Topology() => Topologies.Of(
        new BatchingSpec { MaxBatch = 4, MaxDelayMs = 10 },
        Topologies.Stream(
            rateHz: 100,
            size: 16,
            hop: 4,
            filters: [FilterSpec.Highpass(1, 1), FilterSpec.Lowpass(20, 2)],
            normalize: NormalizationSpec.ZScore,
            alert: new AlertPolicySpec { Threshold = 0.5, RaiseAfter = 2, OfLast = 3, ClearBelow = 0.45, ClearAfter = 2, CooldownS = 0.1 }));

    private static FakeScorer Scorer() => new(1, 16, FakeScorer.AllValues);

    private static Dictionary<string, List<string>> RunAll(IEnumerable<SampleChunk> chunks, bool withValues = true)
    {
        using var harness = new Harness(Topology(), Scorer());
        harness.PushAll(chunks);
        harness.Complete();
        Assert.True(harness.Completed);
        Assertions.Reconciles(harness.Pipeline);
        return Results.PerSensor(harness.Events, withValues);
    }

    // Feeds chunks to a pipeline that checkpoints sensor "a" from inside its event handler whenever
    // coveredEvents(event, events so far) says how many of the events so far that checkpoint covers.
    private static (List<PipelineEvent> Events, List<(int EventCount, SensorStateSnapshot Checkpoint)> Checkpoints) CheckpointInsideHandler(
        IEnumerable<SampleChunk> chunks,
        Func<PipelineEvent, int, int?> coveredEvents)
    {
        var checkpoints = new List<(int EventCount, SensorStateSnapshot Checkpoint)>();
        using var harness = new Harness(Topology(), Scorer(), onEvent: (self, pipelineEvent) =>
        {
            if (coveredEvents(pipelineEvent, self.Events.Count) is { } eventCount)
            {
                checkpoints.Add((eventCount, self.Pipeline.Snapshot("a")!));
            }
        });
        harness.PushAll(chunks);
        Assert.Null(harness.Error);
        return (harness.Events, checkpoints);
    }

    // Restores each checkpoint (after carry, e.g. a trip through bytes) into a fresh pipeline, resumes after the
    // chunk it covers and checks that the covered events plus the resumed run equal one uninterrupted run.
    private static void AssertEachCheckpointResumes(
        List<SampleChunk> chunks,
        List<PipelineEvent> events,
        List<(int EventCount, SensorStateSnapshot Checkpoint)> checkpoints,
        Func<SensorStateSnapshot, SensorStateSnapshot> carry)
    {
        var reference = RunAll(chunks);
        foreach (var (eventCount, checkpoint) in checkpoints)
        {
            var restored = carry(checkpoint);
            using var second = new Harness(Topology(), Scorer(), beforeStart: pipeline => pipeline.Restore(restored));
            second.PushAll(chunks.Skip((int)checkpoint.LastSource!.Value.Offset + 1));
            second.Complete();

            Results.Equal(reference, Results.PerSensor(events.Take(eventCount).Concat(second.Events)));
        }
    }

    [Fact]
    public void Results_do_not_depend_on_chunk_sizes()
    {
        var signal = Signals.Noisy(600, 1, seed: 1);

        var reference = RunAll(Signals.Chunked("a", signal, 1, 100, 1));

        Assert.Equal(147, reference["a"].Count(line => line.StartsWith("window", StringComparison.Ordinal)));
        Assert.Contains(reference["a"], line => line.Contains("/raised", StringComparison.Ordinal));
        Assert.Contains(reference["a"], line => line.Contains("/cleared", StringComparison.Ordinal));
        Results.Equal(reference, RunAll(Signals.Chunked("a", signal, 1, 100, 7)));
        Results.Equal(reference, RunAll(Signals.Chunked("a", signal, 1, 100, 250)));
    }

    [Fact]
    public void Interleaved_sensors_give_the_same_results_as_each_sensor_alone()
    {
        var sensors = new[] { ("a", 3, 1), ("b", 11, 2), ("c", 250, 3) };
        var alone = new Dictionary<string, List<string>>();
        foreach (var (sensor, chunkSize, seed) in sensors)
        {
            foreach (var (key, value) in RunAll(Signals.Chunked(sensor, Signals.Noisy(400, 1, seed), 1, 100, chunkSize)))
            {
                alone[key] = value;
            }
        }

        var interleaved = RunAll(Results.Interleave([.. sensors.Select(s => Signals.Chunked(s.Item1, Signals.Noisy(400, 1, s.Item3), 1, 100, s.Item2))]));

        Results.Equal(alone, interleaved);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(40)]
    [InlineData(63)]
    [InlineData(10_000)]
    public void Snapshot_and_restore_into_a_fresh_pipeline_continue_exactly_like_an_uninterrupted_run(int cut)
    {
        var chunks = Results.Interleave(
            Signals.Chunked("a", Signals.Noisy(300, 1, 1), 1, 100, 7),
            Signals.Chunked("b", Signals.Noisy(300, 1, 2), 1, 100, 5));
        cut = Math.Min(cut, chunks.Count);
        var reference = RunAll(chunks);

        List<PipelineEvent> before;
        List<SensorStateSnapshot> checkpoints;
        using (var first = new Harness(Topology(), Scorer()))
        {
            first.PushAll(chunks.Take(cut));
            before = [.. first.Events];
            checkpoints = [.. new[] { "a", "b" }.Select(first.Pipeline.Snapshot).OfType<SensorStateSnapshot>().Select(s => SensorStateSnapshot.FromBytes(s.ToBytes()))];
        }

        using var second = new Harness(Topology(), Scorer(), beforeStart: pipeline => checkpoints.ForEach(pipeline.Restore));
        second.PushAll(chunks.Skip(cut));
        second.Complete();

        Results.Equal(reference, Results.PerSensor(before.Concat(second.Events)));
        var counters = second.Pipeline.Counters.Snapshot();
        Assert.True(counters.Reconciles);
        Assert.Equal(checkpoints.Sum(c => c.WindowRowsSeen - Math.Min(c.WindowRowsSeen, c.WindowsEmitted * 4)), counters.SamplesRestored);
    }

    [Fact]
    public void A_checkpoint_holds_the_windows_still_waiting_for_their_batch()
    {
        using var harness = new Harness(Topology(), Scorer());
        harness.PushAll(Signals.Chunked("a", Signals.Noisy(24, 1, 1), 1, 100, 24, topic: "t"));

        var checkpoint = harness.Pipeline.Snapshot("a")!;

        Assert.Equal([0L, 4, 8], checkpoint.PendingWindows.Select(w => w.StartIndex));
        Assert.Equal(new SourcePosition("t", 0, 0), checkpoint.LastSource);
        Assert.Equal(24, checkpoint.NextSampleIndex);
        Assert.Equal(23 * 10.0, checkpoint.LastTimestampMs);
    }

    [Fact]
    public void A_checkpoint_taken_inside_the_ChunkCompleted_handler_resumes_after_that_chunk()
    {
        // The Kafka layer checkpoints on ChunkCompleted; later chunks may already be in the pipeline
        // (their windows pending), so the checkpoint says which chunk it covers: resume after LastSource.
        var chunks = Signals.Chunked("a", Signals.Noisy(200, 1, 4), 1, 100, 9).ToList();

        var (events, checkpoints) = CheckpointInsideHandler(chunks.Take(12), (e, eventsSoFar) => e is ChunkCompleted ? eventsSoFar : null);

        Assert.NotEmpty(checkpoints);
        AssertEachCheckpointResumes(chunks, events, checkpoints, checkpoint => SensorStateSnapshot.FromBytes(checkpoint.ToBytes()));
    }

    [Fact]
    public void A_checkpoint_taken_while_a_batch_is_being_handed_out_includes_only_the_windows_not_yet_handed_out()
    {
        var chunks = Signals.Chunked("a", Signals.Noisy(120, 1, 6), 1, 100, 40).ToList();

        // Inside a WindowScored handler that window is still pending: it is scored again after a
        // restore (same values, same alert ids), so the covered prefix stops before it.
        var (events, checkpoints) = CheckpointInsideHandler(chunks.Take(2), (e, eventsSoFar) => e switch
        {
            WindowScored => eventsSoFar - 1,
            AlertEmitted => eventsSoFar,
            _ => null,
        });

        Assert.True(checkpoints.Count >= 8);
        AssertEachCheckpointResumes(chunks, events, checkpoints, checkpoint => checkpoint);
    }

    [Fact]
    public void SnapshotAll_checkpoints_every_sensor_and_Remove_hands_the_state_off()
    {
        var chunks = Results.Interleave(
            Signals.Chunked("a", Signals.Noisy(200, 1, 1), 1, 100, 10, topic: "p"),
            Signals.Chunked("b", Signals.Noisy(200, 1, 2), 1, 100, 10, topic: "p")).ToList();
        var reference = RunAll(chunks);
        using var first = new Harness(Topology(), Scorer());
        first.PushAll(chunks.Take(21));
        first.Advance(TimeSpan.FromMilliseconds(10));

        var checkpoints = first.Pipeline.SnapshotAll();
        Assert.Equal(["a", "b"], checkpoints.Select(c => c.SensorId).Order());
        var buffered = first.Pipeline.Counters.SamplesBuffered;
        Assert.True(first.Pipeline.Remove("a"));
        Assert.True(first.Pipeline.Remove("b"));
        Assert.False(first.Pipeline.Remove("b"));
        Assert.Equal(0, first.Pipeline.Counters.ActiveSensors);
        Assert.Equal(buffered, first.Pipeline.Counters.SamplesDroppedFor(DropReason.PartialWindow));
        Assertions.Reconciles(first.Pipeline);

        using var second = new Harness(Topology(), Scorer(), beforeStart: pipeline => checkpoints.ToList().ForEach(pipeline.Restore));
        second.PushAll(chunks.Skip(21));
        second.Complete();

        Results.Equal(reference, Results.PerSensor(first.Events.Concat(second.Events)));
    }

    [Fact]
    public void A_sensor_with_windows_in_flight_cannot_be_removed()
    {
        using var harness = new Harness(Topology(), Scorer());
        harness.Push(Signals.Chunk("a", 0, 100, new double[16]));

        var error = Assert.Throws<InvalidOperationException>(() => harness.Pipeline.Remove("a"));

        Assert.Contains("1 window(s) waiting", error.Message, StringComparison.Ordinal);
    }
}

using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// Records the broker deleted before the worker read them (the mock's 5 MiB per partition stands in
/// for retention, MockRetentionTests) are counted as <c>skipped_by_broker</c> and logged with their
/// offsets, instead of vanishing silently (docs/kafka.md).
/// </summary>
public class BrokerSkipTests
{
    // 2,000 samples of 17 significant digits: ≈ 40 KB of JSON per record, so ≈ 130 records fill a mock partition.
    private const int SamplesPerRecord = 2000;

    [Theory]
    [InlineData(0L, 10L, 10L, 10L)]   // a new group: everything below the log start was deleted
    [InlineData(5L, 8L, 7L, 2L)]      // 5 and 6 deleted; 7 is a transaction marker or an aborted record
    [InlineData(5L, 6L, 0L, 0L)]      // a gap above the log start: a marker, not a deletion
    [InlineData(5L, 20L, 30L, 15L)]   // the log start moved past the record since its fetch: all of the jump
    [InlineData(5L, 10L, -1001L, 5L)] // no log start reported: all of the jump
    [InlineData(5L, 5L, 9L, 0L)]      // no jump
    [InlineData(-1L, 10L, 10L, 0L)]   // unknown start position
    public void Only_the_part_of_an_offset_jump_below_the_log_start_counts_as_deleted(long expected, long offset, long logStart, long deleted) =>
        Assert.Equal(deleted, BrokerSkipDetector.Count(expected, offset, logStart));

    [Fact]
    public void A_partition_prefilled_beyond_the_mock_retention_is_read_from_its_log_start_and_the_deleted_records_are_counted()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "skips");
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "skips", sensors: 1, samplesPerSensor: 100);
        var publisher = new ReplayPublisher(cluster.BootstrapServers);
        var recording = BigRecords(200, firstIndex: 0);
        Assert.Equal(200, publisher.Publish(recording, "sensors", RecordFormat.Json, 0, null, CancellationToken.None));
        var partition = PartitionOf(cluster.BootstrapServers, recording.Chunks.Count);
        var log = Assert.Single(PartitionLogs.Query(cluster.BootstrapServers, "sensors", [partition], TimeSpan.FromSeconds(10)));
        Assert.True(log.LogStart > 0, $"the mock kept all 200 records of ≈ 40 KB in {log.Partition}; the test needs some deleted (MockRetentionTests)");

        var (counters, lines) = RunWorker(setup, cluster.BootstrapServers, until: worker => worker.Counters.Consumed == log.Count && worker.InFlight == 0);

        Assert.Equal(log.LogStart, counters.SkippedByBroker);
        Assert.Equal(log.Count, counters.Consumed);
        Assert.True(counters.Reconciles, counters.ToString());
        var warning = Assert.Single(lines, line => line.Contains("warning:", StringComparison.Ordinal));
        Assert.Contains($"the broker deleted {log.LogStart} record(s) of sensors[{partition}] (offsets 0..{log.LogStart - 1}) before the group read them", warning, StringComparison.Ordinal);
        Assert.Contains($"the log now starts at {log.LogStart}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_whose_next_records_were_deleted_while_it_was_stopped_counts_exactly_those()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "resume");
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "resume", sensors: 1, samplesPerSensor: 100);
        var publisher = new ReplayPublisher(cluster.BootstrapServers);
        Assert.Equal(20, publisher.Publish(BigRecords(20, firstIndex: 0), "sensors", RecordFormat.Json, 0, null, CancellationToken.None));
        var partition = PartitionOf(cluster.BootstrapServers, 20);

        // The first run reads, completes and checkpoints all 20 (its clean stop commits them).
        var (first, _) = RunWorker(setup, cluster.BootstrapServers, until: worker => worker.Counters.Consumed == 20 && worker.InFlight == 0);
        Assert.Equal(0, first.SkippedByBroker);

        // While it is stopped, 200 more records push its next ones out of the partition.
        Assert.Equal(200, publisher.Publish(BigRecords(200, firstIndex: 20), "sensors", RecordFormat.Json, 0, null, CancellationToken.None));
        var log = Assert.Single(PartitionLogs.Query(cluster.BootstrapServers, "sensors", [partition], TimeSpan.FromSeconds(10)));
        Assert.True(log.LogStart > 20, $"the log starts at {log.LogStart}; the test needs records after the committed offset 20 deleted");

        var (second, lines) = RunWorker(setup, cluster.BootstrapServers, until: worker => worker.Counters.Consumed == log.Count && worker.InFlight == 0);

        Assert.Equal(log.LogStart - 20, second.SkippedByBroker);
        Assert.Contains(lines, line => line.Contains($"(offsets 20..{log.LogStart - 1})", StringComparison.Ordinal));
    }

    /// <summary>Consecutive records of sensor ecg-0 at 250 Hz (one partition, keyed by sensor), ≈ 40 KB each.</summary>
    private static Recording BigRecords(int records, int firstIndex)
    {
        var random = new Random(firstIndex + 11);
        var periodMs = SamplesPerRecord * 1000.0 / 250;
        return new Recording([.. Enumerable.Range(firstIndex, records).Select(i => new SampleChunk(
            "ecg-0", 1_764_205_200_000 + (i * periodMs), 250, 1, Enumerable.Range(0, SamplesPerRecord).Select(_ => random.NextDouble()).ToArray()))]);
    }

    /// <summary>The partition of "sensors" the records went to (the only one with any).</summary>
    private static int PartitionOf(string bootstrap, int published)
    {
        var ends = WorkerSetup.SourceEndOffsets(bootstrap);
        var used = Assert.Single(ends, end => end.Value > 0);
        Assert.True(used.Value >= published, $"partition {used.Key} ends at {used.Value}, expected at least {published}");
        return used.Key;
    }

    /// <summary>Runs an in-process worker until <paramref name="until"/> holds (bounded), stops it cleanly and returns its counters and log.</summary>
    private static (KafkaWorkerCounters Counters, IReadOnlyList<string> Log) RunWorker(WorkerSetup setup, string bootstrap, Func<KafkaWorker, bool> until)
    {
        using var run = new InProcessWorker(setup.Topology, bootstrap);
        try
        {
            Assert.True(run.WaitUntil(until, TimeSpan.FromSeconds(60)), $"the worker did not get there within 60 s ({run.Worker.Counters}; failure {run.Failure?.Message})\n{run.LogText}");
        }
        finally
        {
            run.Stop();
        }

        Assert.Null(run.Failure);
        return (run.Worker.Counters, run.Log);
    }
}

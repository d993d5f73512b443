using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// Regression test for the `bench --source kafka` stall: a pre-filled topic many times the worker's
/// in-flight bound (so partitions are paused and resumed dozens of times, and every partition spans
/// several fetches) is consumed to the end, completed and committed. The stall itself came from the
/// mock broker deleting the head of partitions over 5 MiB (MockRetentionTests), so this test first
/// checks that the broker still holds every record it published: otherwise it would test nothing.
/// </summary>
public class PrefilledTopicTests
{
    [Fact]
    public void A_worker_consumes_a_prefilled_topic_far_beyond_its_in_flight_bound_to_the_end()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "prefilled");
        // 8 sensors × 150 records of 250 samples ≈ 1,200 records of ≈ 5 KB: ≈ 1.5 MB per partition.
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "prefilled", sensors: 8, samplesPerSensor: 37_500, chunk: 250, maxInFlight: 40);
        var records = setup.Recording.Chunks.Count;
        var publisher = new ReplayPublisher(cluster.BootstrapServers);
        Assert.Equal(records, publisher.Publish(setup.Recording, "sensors", Core.Topology.RecordFormat.Json, 0, null, CancellationToken.None));
        Assert.Equal(0, publisher.LastDiscardedByBroker);
        var logs = PartitionLogs.Query(cluster.BootstrapServers, "sensors", [0, 1, 2, 3], TimeSpan.FromSeconds(10));
        Assert.Equal(records, logs.Sum(log => log.Count));
        Assert.All(logs, log => Assert.True(log.Count > 40, $"partition {log.Partition} holds {log.Count} records; the test needs each beyond the in-flight bound"));

        using var run = new InProcessWorker(setup.Topology, cluster.BootstrapServers);
        var worker = run.Worker;
        var maxInFlight = 0;
        try
        {
            // Sampling the in-flight count every 5 ms on the way; the bound is the wait's deadline.
            run.WaitUntil(
                w =>
                {
                    maxInFlight = Math.Max(maxInFlight, w.InFlight);
                    return w.Counters.ChunksCompleted >= records;
                },
                TimeSpan.FromSeconds(60),
                pollMilliseconds: 5);

            Assert.True(worker.Counters.ChunksCompleted == records, $"the worker completed {worker.Counters.ChunksCompleted} of {records} records within 60 s ({worker.Counters}; in flight {worker.InFlight}; failure {run.Failure?.Message})\n{run.LogText}");
            WorkerSetup.WaitForCommittedToReachEnd(cluster.BootstrapServers, "prefilled", TimeSpan.FromSeconds(30));
        }
        finally
        {
            run.Stop();
        }

        Assert.Null(run.Failure);
        Assert.Equal(records, worker.Counters.Consumed);
        Assert.True(worker.Counters.Reconciles, worker.Counters.ToString());
        // Pausing, resuming and many fetches leave no offset gap that could pass for a deletion.
        Assert.Equal(0, worker.Counters.SkippedByBroker);
        // The bound held (a poll may overshoot it by the one record it just read), so the partitions really were paused.
        Assert.InRange(maxInFlight, 1, 41);
    }
}

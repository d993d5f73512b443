using System.Reactive.Concurrency;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Onnx;
using StreamClassifier.Pipeline;

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

        using var scorer = OnnxWindowScorer.LoadForStream(setup.Topology, 0);
        using var scheduler = new EventLoopScheduler();
        using var pipeline = new ClassificationPipeline(setup.Topology, new Dictionary<string, IWindowScorer> { ["ecg"] = scorer }, scheduler);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var worker = new KafkaWorker(setup.Topology, pipeline, new KafkaWorkerOptions { BootstrapServers = cluster.BootstrapServers, CommitInterval = TimeSpan.FromMilliseconds(200), Log = log.Enqueue });
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var maxInFlight = 0;
        var thread = new Thread(() =>
        {
            try
            {
                worker.Run(stop.Token);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (worker.Counters.ChunksCompleted < records && failure is null && DateTime.UtcNow < deadline)
            {
                maxInFlight = Math.Max(maxInFlight, worker.InFlight);
                Thread.Sleep(5); // sampling progress for the failure message; the loop's bound is the deadline
            }

            Assert.True(worker.Counters.ChunksCompleted == records, $"the worker completed {worker.Counters.ChunksCompleted} of {records} records within 60 s ({worker.Counters}; in flight {worker.InFlight}; failure {failure?.Message})\n{string.Join("\n", log)}");
            WorkerSetup.WaitForCommittedToReachEnd(cluster.BootstrapServers, "prefilled", TimeSpan.FromSeconds(30));
        }
        finally
        {
            stop.Cancel();
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "the worker did not stop within 60 s of cancellation");
        }

        Assert.Null(failure);
        Assert.Equal(records, worker.Counters.Consumed);
        Assert.True(worker.Counters.Reconciles, worker.Counters.ToString());
        // Pausing, resuming and many fetches leave no offset gap that could pass for a deletion.
        Assert.Equal(0, worker.Counters.SkippedByBroker);
        // The bound held (a poll may overshoot it by the one record it just read), so the partitions really were paused.
        Assert.InRange(maxInFlight, 1, 41);
    }
}

using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Onnx;
using StreamClassifier.Pipeline;
using System.Reactive.Concurrency;

namespace StreamClassifier.Kafka.Tests.Worker;

public class KafkaWorkerTests
{
    [Fact]
    public void An_in_process_worker_publishes_exactly_the_offline_alerts_and_commits_to_the_end()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "inproc");
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "inproc");
        var expected = setup.OfflineAlertIds();
        Assert.True(expected.Count >= 10, $"the recording should raise and clear alerts; got {expected.Count}");
        setup.Replay(cluster.BootstrapServers);

        using var scorer = OnnxWindowScorer.LoadForStream(setup.Topology, 0);
        using var scheduler = new EventLoopScheduler();
        using var pipeline = new ClassificationPipeline(setup.Topology, new Dictionary<string, IWindowScorer> { ["ecg"] = scorer }, scheduler);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var worker = new KafkaWorker(setup.Topology, pipeline, new KafkaWorkerOptions { BootstrapServers = cluster.BootstrapServers, CommitInterval = TimeSpan.FromMilliseconds(200), Log = log.Enqueue });
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
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
            var ids = WorkerSetup.ReadAlertIds(cluster.BootstrapServers, got => got.Count >= expected.Count, TimeSpan.FromSeconds(60));
            Assert.True(expected.SetEquals(ids), $"alerts differ: missing {string.Join(",", expected.Except(ids).Take(5))}; extra {string.Join(",", ids.Except(expected).Take(5))}\n{string.Join("\n", log)}");
            Assert.Equal(ids.Count, ids.Distinct().Count());
            WorkerSetup.WaitForCommittedToReachEnd(cluster.BootstrapServers, "inproc", TimeSpan.FromSeconds(30));
        }
        finally
        {
            stop.Cancel();
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "the worker did not stop within 60 s of cancellation");
        }

        Assert.Null(failure);
        Assert.True(worker.Counters.Reconciles, worker.Counters.ToString());
        Assert.Equal(setup.Recording.Chunks.Count, worker.Counters.Consumed);
        Assert.Equal(0, worker.Counters.DeadLettered);
    }
}

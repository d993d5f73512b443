using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;

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

        using var run = new InProcessWorker(setup.Topology, cluster.BootstrapServers);
        var worker = run.Worker;
        try
        {
            var ids = WorkerSetup.ReadAlertIds(cluster.BootstrapServers, got => got.Count >= expected.Count, TimeSpan.FromSeconds(60));
            Assert.True(expected.SetEquals(ids), $"alerts differ: missing {string.Join(",", expected.Except(ids).Take(5))}; extra {string.Join(",", ids.Except(expected).Take(5))}\n{run.LogText}");
            Assert.Equal(ids.Count, ids.Distinct().Count());
            WorkerSetup.WaitForCommittedToReachEnd(cluster.BootstrapServers, "inproc", TimeSpan.FromSeconds(30));
        }
        finally
        {
            run.Stop();
        }

        Assert.Null(run.Failure);
        Assert.True(worker.Counters.Reconciles, worker.Counters.ToString());
        Assert.Equal(setup.Recording.Chunks.Count, worker.Counters.Consumed);
        Assert.Equal(0, worker.Counters.DeadLettered);
    }
}

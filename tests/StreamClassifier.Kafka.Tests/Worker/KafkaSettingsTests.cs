using System.Text.RegularExpressions;
using Confluent.Kafka;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Clients;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Tests.Support;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>
/// The librdkafka settings of <c>source.kafka.config</c> that the loader lets through are honoured by
/// the worker against the mock broker, never replaced (the refusals are tested in Core's
/// KafkaConfigRulesTests; docs/configuration.md lists every decision).
/// </summary>
public class KafkaSettingsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void Auto_offset_reset_latest_makes_a_new_group_skip_what_the_topic_held_before_it_joined()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "latest");
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "latest", config: "auto.offset.reset: latest");
        var before = new Recording([.. setup.Recording.Chunks.Take(40)]);
        var after = new Recording([.. setup.Recording.Chunks.Skip(40).Take(10)]);
        var publisher = new ReplayPublisher(cluster.BootstrapServers);
        Assert.Equal(40, publisher.Publish(before, "sensors", RecordFormat.Json, 0, null, CancellationToken.None));

        using var run = new InProcessWorker(setup.Topology, cluster.BootstrapServers);
        try
        {
            Assert.True(run.WaitUntil(w => w.AssignedPartitions.Count == 4, Bound), $"no assignment within {Bound.TotalSeconds:0} s\n{run.LogText}");
            // librdkafka resolves "latest" to each partition's end on its first fetch after the assignment.
            Thread.Sleep(TimeSpan.FromSeconds(2));
            Assert.Equal(10, publisher.Publish(after, "sensors", RecordFormat.Json, 0, null, CancellationToken.None));
            Assert.True(run.WaitUntil(w => w.Counters.Consumed >= 10 && w.InFlight == 0, Bound), $"the worker consumed {run.Worker.Counters.Consumed} of the 10 new records\n{run.LogText}");
        }
        finally
        {
            run.Stop();
        }

        Assert.Null(run.Failure);
        Assert.Equal(10, run.Worker.Counters.Consumed);
        Assert.True(run.Worker.Counters.Reconciles, run.Worker.Counters.ToString());
    }

    [Fact]
    public void Without_auto_offset_reset_a_new_group_reads_the_topic_from_its_start()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "earliest");
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "earliest");
        Assert.Equal(40, new ReplayPublisher(cluster.BootstrapServers).Publish(new Recording([.. setup.Recording.Chunks.Take(40)]), "sensors", RecordFormat.Json, 0, null, CancellationToken.None));

        using var run = new InProcessWorker(setup.Topology, cluster.BootstrapServers);
        try
        {
            Assert.True(run.WaitUntil(w => w.Counters.Consumed >= 40 && w.InFlight == 0, Bound), $"the worker consumed {run.Worker.Counters.Consumed} of 40\n{run.LogText}");
        }
        finally
        {
            run.Stop();
        }

        Assert.Equal(40, run.Worker.Counters.Consumed);
    }

    [Fact]
    public void Client_id_is_honoured_with_the_instance_id_appended_on_every_client()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "client-id");
        // debug: a pass-through setting too; it makes librdkafka log, so the client names show.
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "client-id", config: "client.id: plant-7, debug: \"generic\"");
        setup.Replay(cluster.BootstrapServers);

        using var run = new InProcessWorker(setup.Topology, cluster.BootstrapServers, instanceId: "w1");
        try
        {
            Assert.True(run.WaitUntil(w => w.Counters.Consumed >= setup.Recording.Chunks.Count, Bound), $"the worker consumed {run.Worker.Counters.Consumed}\n{run.LogText}");
        }
        finally
        {
            run.Stop();
        }

        var clients = run.ClientLog.Select(line => Regex.Match(line, @"kafka: (\S+#\S+) ")).Where(match => match.Success).Select(match => match.Groups[1].Value).Distinct().ToList();
        Assert.Contains(clients, name => name.StartsWith("plant-7-w1#consumer-", StringComparison.Ordinal));
        Assert.Contains(clients, name => name.StartsWith("plant-7-w1#producer-", StringComparison.Ordinal));
        Assert.All(clients, name => Assert.StartsWith("plant-7-w1#", name, StringComparison.Ordinal));
    }

    [Fact]
    public void The_group_member_gets_the_users_settings_and_defaults_only_where_none_was_given()
    {
        var source = new KafkaSourceSpec
        {
            Bootstrap = "k:9092", Topic = "t", Group = "g",
            Config = new Dictionary<string, string> { ["auto.offset.reset"] = "latest", ["isolation.level"] = "read_uncommitted", ["session.timeout.ms"] = "7000" },
        };
        var chosen = new KafkaClientConfigs(source, "k:9092", "w1").GroupConsumer();
        Assert.Equal(AutoOffsetReset.Latest, chosen.AutoOffsetReset);
        Assert.Equal(IsolationLevel.ReadUncommitted, chosen.IsolationLevel);
        Assert.Equal(7000, chosen.SessionTimeoutMs);
        Assert.Equal(PartitionAssignmentStrategy.CooperativeSticky, chosen.PartitionAssignmentStrategy);
        Assert.Equal("streamclassifier-w1", chosen.ClientId);

        var defaults = new KafkaClientConfigs(source with { Config = new Dictionary<string, string> { ["group.protocol"] = "consumer" } }, "k:9092", "w1").GroupConsumer();
        Assert.Equal(AutoOffsetReset.Earliest, defaults.AutoOffsetReset);
        Assert.Equal(IsolationLevel.ReadCommitted, defaults.IsolationLevel);
        Assert.Null(defaults.PartitionAssignmentStrategy); // the broker assigns with the consumer protocol
        Assert.Equal(GroupProtocol.Consumer, defaults.GroupProtocol);
        Assert.False(defaults.EnableAutoCommit);
        Assert.False(defaults.EnableAutoOffsetStore);
    }

    [Fact]
    public void A_worker_on_the_KIP_848_consumer_protocol_publishes_the_offline_alerts_and_commits_to_the_end()
    {
        using var cluster = EmbeddedKafkaCluster.Start(1);
        WorkerSetup.CreateTopics(cluster, "kip848");
        using var setup = WorkerSetup.Create(cluster.BootstrapServers, "kip848", config: "group.protocol: consumer");
        var expected = setup.OfflineAlertIds();
        setup.Replay(cluster.BootstrapServers);

        using var run = new InProcessWorker(setup.Topology, cluster.BootstrapServers);
        try
        {
            var ids = WorkerSetup.ReadAlertIds(cluster.BootstrapServers, got => got.Count >= expected.Count, Bound);
            Assert.True(expected.SetEquals(ids), $"alerts differ: missing {string.Join(",", expected.Except(ids).Take(5))}; extra {string.Join(",", ids.Except(expected).Take(5))}\n{run.LogText}");
            WorkerSetup.WaitForCommittedToReachEnd(cluster.BootstrapServers, "kip848", TimeSpan.FromSeconds(30));
        }
        finally
        {
            run.Stop();
        }

        Assert.Null(run.Failure);
        Assert.Equal(setup.Recording.Chunks.Count, run.Worker.Counters.Consumed);
        Assert.True(run.Worker.Counters.Reconciles, run.Worker.Counters.ToString());
    }
}

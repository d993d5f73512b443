using System.Text;
using Confluent.Kafka;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Tests.Support;
using Xunit.Abstractions;

namespace StreamClassifier.Kafka.Tests.Worker;

/// <summary>The delivery guarantees (docs/kafka.md), against a broker in another process and workers in others.</summary>
public class ProofTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    [Fact]
    public void Round_trip_the_alerts_topic_holds_exactly_the_offline_alerts()
    {
        using var broker = StartBroker("roundtrip");
        using var setup = WorkerSetup.Create(broker.BootstrapServers, "roundtrip");
        var expected = setup.ScoreCommandAlertIds();
        Assert.True(setup.OfflineAlertIds().SetEquals(expected), "the score command and the in-test pipeline oracle disagree");
        using var replay = WorkerProcess.Start("replay", "--bootstrap", broker.BootstrapServers, "--topic", "sensors", "--input", setup.CsvPath, "--chunk", "50", "--quiet");
        var replayExit = replay.WaitForExit(Long, "replay");
        Assert.True(replayExit == 0, $"replay exited with {replayExit}:\n{replay.Output}\n{replay.Errors}");

        using var alerts = new AlertCollector(broker.BootstrapServers);
        using var worker = StartWorker(setup, broker, "w1");
        alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every offline alert", () => worker.Errors);
        WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, "roundtrip", Long);
        worker.Terminate();
        Assert.Equal(0, worker.WaitForExit(Long, "the worker to stop on SIGTERM"));
        var ids = alerts.Ids;
        Assert.True(expected.SetEquals(ids), $"extra alerts: {string.Join(", ", ids.Except(expected).Take(5))}");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("worker: stopped cleanly", worker.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Crash_at_least_once_kill_9_three_times_mid_stream_loses_no_alert()
    {
        var result = CrashScenario("at_least_once");
        Assert.Empty(result.Lost);
        Assert.Empty(result.Unexpected);
        // Duplicates are allowed: at least once by definition (alerts sent after the last checkpoint are sent again).
    }

    /// <summary>
    /// The same guarantees in exactly-once mode: a read_committed reader sees every alert exactly once across
    /// three kill -9s. On the mock broker transactions give no isolation (MockTransactionTests), so
    /// this holds because of the worker's read-back of already-published alerts (docs/kafka.md).
    /// </summary>
    [Fact]
    public void Crash_exactly_once_kill_9_three_times_mid_stream_a_read_committed_reader_sees_every_alert_once()
    {
        var result = CrashScenario("exactly_once");
        Assert.Empty(result.Lost);
        Assert.Empty(result.Unexpected);
        Assert.True(result.Duplicates == 0, $"{result.Duplicates} duplicate alert(s) for a read_committed reader: {string.Join(", ", result.DuplicateIds.Take(10))}");
        Assert.Equal(3, result.Kills);
        Assert.True(result.DeadLetterDuplicates == 0, $"{result.DeadLetterDuplicates} duplicate dead letter(s) for a read_committed reader");
    }

    private CrashResult CrashScenario(string delivery)
    {
        var group = "crash-" + delivery.Replace('_', '-');
        using var broker = StartBroker(group);
        using var setup = WorkerSetup.Create(broker.BootstrapServers, group, sensors: 8, samplesPerSensor: 6000, delivery: delivery, chunk: 25, maxInFlight: 100, sessionTimeoutMs: 3000);
        var expected = setup.OfflineAlertIds();
        var exactlyOnce = delivery == "exactly_once";
        using var alerts = new AlertCollector(broker.BootstrapServers, readCommitted: exactlyOnce);
        // Bad records trickle in alongside, so dead letters cross the crashes too.
        using var poison = new PoisonTrickle(broker.BootstrapServers, count: 40, every: TimeSpan.FromMilliseconds(300));
        // The recording (24 s of signal) arrives in real time while the workers crash and restart
        // (a 3 s session timeout lets each successor take over in about 5 s).
        using var replay = WorkerProcess.Start("replay", "--bootstrap", broker.BootstrapServers, "--topic", "sensors", "--input", setup.CsvPath, "--chunk", "25", "--speed", "1", "--quiet");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"{delivery}: kill points from seed {seed}");
        var fraction = 0.0;
        var kills = 0;
        for (var crash = 1; crash <= 3; crash++)
        {
            fraction += 0.1 + (random.NextDouble() * 0.1);
            var target = (int)(fraction * expected.Count);
            using var worker = StartWorker(setup, broker, "crashy");
            worker.WaitForLine(l => l.StartsWith("worker: assigned", StringComparison.Ordinal), Long, $"crash {crash}: the worker's assignment");
            // Mid-stream for this incarnation: past the target and past alerts of its own beyond what its predecessors published.
            var atStart = alerts.Ids.Distinct().Count();
            var killAt = Math.Max(target, atStart + 5);
            Assert.True(killAt < expected.Count, $"crash {crash}: the stream's alerts were all out ({atStart} of {expected.Count}) before this incarnation could be killed mid-stream");
            alerts.WaitUntil(ids => ids.Distinct().Count() >= killAt, Long, $"crash {crash}: {killAt} distinct alerts before the kill", () => worker.Errors);
            // Not a synchronisation: moves the kill to a random point between alerts.
            Thread.Sleep(random.Next(0, 150));
            worker.KillHard();
            kills++;
            output.WriteLine($"crash {crash}: kill -9 after {alerts.Ids.Distinct().Count()} of {expected.Count} distinct alerts (replay {(replay.HasExited ? "finished" : "still publishing")})");
            output.WriteLine(Quiet(worker.Errors));
        }

        var replayExit = replay.WaitForExit(Long, "replay");
        Assert.True(replayExit == 0, $"replay exited with {replayExit}:\n{replay.Output}\n{replay.Errors}");
        poison.WaitUntilSent(Long);
        using (var final = StartWorker(setup, broker, "crashy"))
        {
            final.WaitForLine(l => l.StartsWith("worker: assigned", StringComparison.Ordinal), Long, "the final worker's assignment");
            alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every offline alert after the restarts", () => final.Errors);
            var deadLetterCount = KafkaTestClients.ReadAll(broker.BootstrapServers, "dlq", poison.Count, Long, readCommitted: exactlyOnce).Count;
            Assert.True(deadLetterCount >= poison.Count, $"{deadLetterCount} dead letters for {poison.Count} bad records");
            WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, group, Long);
            final.Terminate();
            Assert.Equal(0, final.WaitForExit(Long, "the final worker to stop"));
            output.WriteLine(Quiet(final.Errors));
        }

        if (exactlyOnce)
        {
            // The resume points written inside the transactions (what a restart uses on the mock) reach the end too.
            var resume = WorkerSetup.CheckpointResumePoints(broker.BootstrapServers, group);
            var ends = WorkerSetup.SourceEndOffsets(broker.BootstrapServers);
            Assert.True(ends.All(kv => kv.Value == 0 || resume.GetValueOrDefault(kv.Key) == kv.Value), $"checkpoint resume points {string.Join(", ", resume.OrderBy(kv => kv.Key))} vs source ends {string.Join(", ", ends.OrderBy(kv => kv.Key))}");
        }

        var letters = KafkaTestClients.ReadToEnd(broker.BootstrapServers, "dlq", 4, Long, readCommitted: exactlyOnce);
        var letterSources = letters.Select(l => $"{Encoding.UTF8.GetString(l.Message.Headers.GetLastBytes(DeadLetterHeaders.SourcePartition))}@{Encoding.UTF8.GetString(l.Message.Headers.GetLastBytes(DeadLetterHeaders.SourceOffset))}").ToList();
        Assert.Equal(poison.Count, letterSources.Distinct().Count());
        var all = alerts.Ids;
        var duplicateIds = all.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var result = new CrashResult(kills, all.Count - all.Distinct().Count(), duplicateIds, [.. expected.Except(all)], [.. all.Distinct().Except(expected)], letterSources.Count - poison.Count);
        output.WriteLine($"{delivery}: {expected.Count} expected alerts, {all.Count} read{(exactlyOnce ? " (read_committed)" : string.Empty)}, {result.Duplicates} duplicates, {result.Lost.Count} lost, {result.Unexpected.Count} unexpected, {kills} kills; {poison.Count} bad records, {letterSources.Count} dead letters read, {result.DeadLetterDuplicates} duplicates");
        return result;
    }

    [Fact]
    public void Scale_out_two_workers_share_the_partitions_and_the_survivor_takes_over()
    {
        using var broker = StartBroker("scale");
        using var setup = WorkerSetup.Create(broker.BootstrapServers, "scale", sensors: 8, samplesPerSensor: 6000, chunk: 25, maxInFlight: 100);
        var expected = setup.OfflineAlertIds();
        setup.Replay(broker.BootstrapServers);
        using var alerts = new AlertCollector(broker.BootstrapServers);
        using var first = StartWorker(setup, broker, "first");
        using var second = StartWorker(setup, broker, "second");
        first.WaitForLine(l => l.StartsWith("worker: assigned", StringComparison.Ordinal) && !l.Contains("[]", StringComparison.Ordinal), Long, "the first worker's assignment");
        second.WaitForLine(l => l.StartsWith("worker: assigned", StringComparison.Ordinal) && !l.Contains("[]", StringComparison.Ordinal), Long, "the second worker's assignment");
        alerts.WaitUntil(ids => ids.Distinct().Count() >= expected.Count / 3, Long, "a third of the alerts", () => first.Errors + second.Errors);
        first.Terminate();
        Assert.Equal(0, first.WaitForExit(Long, "the first worker to leave"));
        alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every alert with the survivor", () => second.Errors);
        WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, "scale", Long);
        output.WriteLine($"scale-out: {alerts.Ids.Count - alerts.Ids.Distinct().Count()} duplicates");
        Assert.Contains("worker: revoking", first.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Broker_faults_down_brokers_request_errors_and_latency_lose_nothing()
    {
        using var broker = StartBroker("faults", brokers: 3, faults: true);
        using var setup = WorkerSetup.Create(broker.BootstrapServers, "faults", sensors: 8, samplesPerSensor: 6000, chunk: 25, maxInFlight: 100);
        var expected = setup.OfflineAlertIds();
        setup.Replay(broker.BootstrapServers);
        using var alerts = new AlertCollector(broker.BootstrapServers);
        using var worker = StartWorker(setup, broker, "faulty");
        alerts.WaitUntil(ids => ids.Count >= expected.Count / 5, Long, "the first alerts", () => worker.Errors);
        broker.Inject("rtt 1 300");
        broker.Inject("errors Produce 5 NOT_LEADER_FOR_PARTITION");
        broker.Inject("errors OffsetCommit 3 REQUEST_TIMED_OUT");
        broker.Inject("errors Fetch 5 NOT_LEADER_FOR_PARTITION");
        broker.Inject("down 2");
        alerts.WaitUntil(ids => ids.Distinct().Count() >= expected.Count / 2, Long, "alerts while broker 2 is down", () => worker.Errors);
        broker.Inject("up 2");
        broker.Inject("down 3");
        alerts.WaitUntil(ids => ids.Distinct().Count() >= (expected.Count * 3) / 4, Long, "alerts while broker 3 is down", () => worker.Errors);
        broker.Inject("up 3");
        broker.Inject("rtt 1 0");
        alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every alert after the faults", () => worker.Errors);
        WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, "faults", Long);
        worker.Terminate();
        Assert.Equal(0, worker.WaitForExit(Long, "the worker to stop"));
        Assert.Empty(alerts.Ids.Distinct().Except(expected));
    }

    [Fact]
    public void Poison_records_are_dead_lettered_by_kind_and_the_counts_reconcile_exactly()
    {
        using var broker = StartBroker("poison");
        // Limits under the producer's 1 MB message size, so the too_large record can be sent at all.
        using var setup = WorkerSetup.Create(broker.BootstrapServers, "poison", maxRecordBytes: 900_000, maxSamplesPerRecord: 1000);
        var expected = setup.OfflineAlertIds();
        var poison = PoisonRecords.For("ecg-1", 900_000, 1000);
        using (var producer = KafkaTestClients.Producer(broker.BootstrapServers))
        {
            // Good records with the poison interleaved, all keyed ecg-1's way for the bad ones.
            var good = setup.Recording.Chunks;
            var every = good.Count / poison.Count;
            var next = 0;
            for (var i = 0; i < good.Count; i++)
            {
                producer.Produce("sensors", new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(good[i].SensorId), Value = JsonSensorRecordCodec.Encode(good[i]) });
                if (i % every == every - 1 && next < poison.Count)
                {
                    producer.Produce("sensors", new Message<byte[]?, byte[]?> { Key = "ecg-1"u8.ToArray(), Value = poison[next++].Value });
                }
            }

            while (next < poison.Count)
            {
                producer.Produce("sensors", new Message<byte[]?, byte[]?> { Key = "ecg-1"u8.ToArray(), Value = poison[next++].Value });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using var alerts = new AlertCollector(broker.BootstrapServers);
        using var worker = StartWorker(setup, broker, "poisoned");
        alerts.WaitUntil(ids => expected.IsSubsetOf(ids), Long, "every alert of the good records", () => worker.Errors);
        var letters = KafkaTestClients.ReadAll(broker.BootstrapServers, "dlq", poison.Count, Long);
        WorkerSetup.WaitForCommittedToReachEnd(broker.BootstrapServers, "poison", Long);
        worker.Terminate();
        Assert.Equal(0, worker.WaitForExit(Long, "the worker to stop"));

        var kinds = letters.Select(l => Encoding.UTF8.GetString(l.Message.Headers.GetLastBytes(DeadLetterHeaders.ErrorKind))).Order(StringComparer.Ordinal);
        Assert.Equal(poison.Select(p => DecodeErrors.WireName(p.Kind)).Order(StringComparer.Ordinal), kinds);
        var consumed = setup.Recording.Chunks.Count + poison.Count;
        var summary = worker.Errors.Split('\n').Last(l => l.StartsWith("run: consumed=", StringComparison.Ordinal));
        output.WriteLine(summary);
        Assert.Contains($"run: consumed={consumed} decoded={setup.Recording.Chunks.Count} dead_lettered={poison.Count} skipped_checkpointed=0", summary, StringComparison.Ordinal);
        Assert.Contains($"pipeline records={setup.Recording.Chunks.Count} ", summary, StringComparison.Ordinal);
    }

    private sealed record CrashResult(int Kills, int Duplicates, List<string> DuplicateIds, List<string> Lost, List<string> Unexpected, int DeadLetterDuplicates);

    private static string Quiet(string log) => string.Join("\n", log.Split('\n').Where(l => !l.Contains("CONFWARN", StringComparison.Ordinal)));

    private static BrokerProcess StartBroker(string group, int brokers = 1, bool faults = false) =>
        BrokerProcess.Start(brokers, 4, faults, "sensors", group + ".checkpoints", "alerts", "dlq");

    private static WorkerProcess StartWorker(WorkerSetup setup, BrokerProcess broker, string instance) =>
        WorkerProcess.Start("run", "--topology", setup.TopologyPath, "--bootstrap", broker.BootstrapServers, "--instance-id", instance, "--commit-interval-ms", "200");
}

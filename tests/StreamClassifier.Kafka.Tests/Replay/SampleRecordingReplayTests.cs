using System.Text;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Codecs;
using StreamClassifier.Kafka.DeadLetters;
using StreamClassifier.Kafka.Embedded;
using StreamClassifier.Kafka.Replay;
using StreamClassifier.Kafka.Tests.Support;
using StreamClassifier.Kafka.Worker;
using StreamClassifier.Testing;

namespace StreamClassifier.Kafka.Tests.Replay;

/// <summary>
/// The README's walkthrough: `replay --input samples/ecg-heldout-30s.csv` (no --rate-hz) into the
/// shipped topologies/ecg-demo.yaml worker. The rate must come from the whole timeline, not from the
/// first two rounded timestamps (359.97 Hz, which the worker would dead-letter as bad_rate); a record
/// with a genuinely wrong rate must still be dead-lettered, naming both rates.
/// </summary>
public class SampleRecordingReplayTests
{
    private static readonly string SampleCsv = SharedPaths.Repo("samples", "ecg-heldout-30s.csv");

    [Fact]
    public void The_sample_recording_replayed_without_rate_hz_reaches_the_ecg_demo_worker_without_a_dead_letter()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        foreach (var topic in new[] { "sensors.ecg", "alerts.ecg", "sensors.ecg.dlq", "ecg-classifier.checkpoints" })
        {
            cluster.CreateTopic(topic, partitions: 2);
        }

        var topology = TopologyLoader.Load(SharedPaths.Repo("topologies", "ecg-demo.yaml"), new Dictionary<string, string> { ["KAFKA_BOOTSTRAP"] = cluster.BootstrapServers });

        // The README's command, as another process.
        using (var replay = WorkerProcess.Start("replay", "--bootstrap", cluster.BootstrapServers, "--topic", "sensors.ecg", "--input", SampleCsv, "--quiet"))
        {
            Assert.True(replay.WaitForExit(TimeSpan.FromSeconds(60), "replay of the sample recording") == 0, replay.Output + replay.Errors);
            Assert.Contains("sample rate inferred from the timestamps: 2 sensor(s) at 360 Hz", replay.Output, StringComparison.Ordinal);
            Assert.Contains("88 of 88 records acknowledged (21600 samples, 2 sensor(s))", replay.Output, StringComparison.Ordinal);
        }

        // A producer that really sends another rate.
        var wrongRate = new SampleChunk("ecg-106", 1_764_206_600_000, 250, 2, new double[500]);
        Assert.Equal(1, new ReplayPublisher(cluster.BootstrapServers).Publish(new Recording([wrongRate]), "sensors.ecg", RecordFormat.Json, 0, null, CancellationToken.None));

        using var run = new InProcessWorker(topology, cluster.BootstrapServers);
        var worker = run.Worker;
        var pipeline = run.Pipeline;
        try
        {
            run.WaitUntil(w => w.Counters.Consumed == 89 && w.InFlight == 0, TimeSpan.FromSeconds(60));
            Assert.True(worker.Counters.Consumed == 89 && worker.InFlight == 0, $"the worker did not consume and complete all 89 records within 60 s ({worker.Counters}; failure {run.Failure?.Message})\n{run.LogText}");
        }
        finally
        {
            run.Stop();
        }

        Assert.Null(run.Failure);
        Assert.True(worker.Counters.Reconciles, worker.Counters.ToString());
        Assert.Equal(88, worker.Counters.Decoded);
        Assert.Equal(1, worker.Counters.DeadLettered);
        Assert.Equal(1, worker.Counters.DeadLetteredFor(DecodeErrorKind.BadRate));
        Assert.True(pipeline.Counters.WindowsScored > 0, "the sample recording was decoded but nothing was scored");

        var letter = Assert.Single(KafkaTestClients.ReadAll(cluster.BootstrapServers, "sensors.ecg.dlq", 1, TimeSpan.FromSeconds(30)));
        var reason = Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(DeadLetterHeaders.ErrorReason));
        Assert.Contains("sensor \"ecg-106\" sent rate_hz 250 but its stream rule \"ecg\" expects 360 Hz", reason, StringComparison.Ordinal);
    }
}

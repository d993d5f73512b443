using StreamClassifier.Core.Models;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Events;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests;

public class AlertEventTests
{
    private const double T0 = 1764205200000;

    [Fact]
    public void Alerts_carry_deterministic_ids_and_the_full_record()
    {
        var scorer = new FakeScorer(1, 4) { ModelName = "ecg-pvc", ModelVersion = "3" };
        var topology = Topologies.Of(null, Topologies.Stream(rateHz: 360, alert: new AlertPolicySpec { Threshold = 0.8 }));
        using var harness = new Harness(topology, scorer);
        harness.Advance(TimeSpan.FromSeconds(5));

        harness.Push(Signals.Chunk("ecg-106", T0, 360, Signals.WindowsWithScores(4, 0.9, 0.1)));
        harness.Complete();

        var alerts = harness.Alerts.ToList();
        Assert.Equal(2, alerts.Count);
        var raised = alerts[0];
        Assert.Equal("ecg-106/1764205200011/raised", raised.AlertId);
        Assert.Equal(
            new AlertRecord
            {
                AlertId = raised.AlertId,
                Sensor = "ecg-106",
                State = "raised",
                Score = 0.9f,
                Threshold = 0.8,
                Model = "ecg-pvc",
                ModelVersion = "3",
                WindowStartMs = 1764205200000,
                WindowEndMs = 1764205200011,
                EmittedAtMs = Harness.Epoch.AddSeconds(5).ToUnixTimeMilliseconds(),
                Topology = "test-topology",
            },
            raised);
        Assert.Equal(("ecg-106/1764205200022/cleared", "cleared", 1764205200011L, 1764205200022L), (alerts[1].AlertId, alerts[1].State, alerts[1].WindowStartMs, alerts[1].WindowEndMs));
        Assert.Equal(1, harness.Pipeline.Counters.Alerts(AlertState.Raised));
        Assert.Equal(1, harness.Pipeline.Counters.Alerts(AlertState.Cleared));
    }

    [Fact]
    public void Each_alert_follows_the_score_of_the_window_that_caused_it()
    {
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream(alert: new AlertPolicySpec { Threshold = 0.5 })), new FakeScorer(1, 4));

        harness.Push(Signals.Chunk("a", 0, 100, Signals.WindowsWithScores(4, 0.2, 0.7, 0.7, 0.2)));
        harness.Complete();

        var kinds = harness.Events.Select(e => e switch
        {
            WindowScored s => $"w{s.Score.Window.StartIndex}",
            AlertEmitted a => a.Alert.State,
            ChunkCompleted => "done",
            _ => e.GetType().Name,
        });
        Assert.Equal(["w0", "w4", "raised", "w8", "w12", "cleared", "done"], kinds);
    }

    [Fact]
    public void Replaying_the_same_input_gives_the_same_alert_ids()
    {
        static List<string> Ids()
        {
            using var harness = new Harness(Topologies.Of(null, Topologies.Stream(alert: new AlertPolicySpec { Threshold = 0.5, RaiseAfter = 2, OfLast = 3 })), new FakeScorer(1, 4));
            harness.PushAll(Signals.Chunked("a", Signals.WindowsWithScores(4, 0.9, 0.1, 0.9, 0.2, 0.2, 0.9, 0.9), 1, 100, 3, t0Ms: T0));
            harness.Complete();
            return [.. harness.Alerts.Select(a => a.AlertId)];
        }

        var first = Ids();

        Assert.Equal(["a/1764205200120/raised", "a/1764205200160/cleared", "a/1764205200280/raised"], first);
        Assert.Equal(first, Ids());
    }

    [Fact]
    public void Without_a_threshold_in_the_topology_the_model_cards_threshold_applies()
    {
        var card = new ModelCard { Name = "m", Version = "2", InputLayout = InputLayout.NCL, Channels = 1, WindowLength = 4, Output = OutputKind.Probability, Threshold = 0.3 };
        using var harness = new Harness(Topologies.Of(null, Topologies.Stream()), new FakeScorer(1, 4, card: card));

        harness.Push(Signals.Chunk("a", 0, 100, Signals.WindowsWithScores(4, 0.35)));
        harness.Complete();

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal((0.3, "raised"), (alert.Threshold, alert.State));
    }
}

using CsCheck;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Pipeline.Tests.Support;

namespace StreamClassifier.Pipeline.Tests.Properties;

/// <summary>
/// The alert policy on random score sequences and random valid parameters: raises and clears
/// alternate (never two raises without a clear), every transition is the one the rule's definition
/// gives, and a checkpoint of the policy taken anywhere continues identically.
/// </summary>
public class AlertPolicyProperties
{
    private static readonly Gen<(AlertPolicySettings Settings, double[] Scores, int Cut)> Cases =
        from threshold in Gen.Double[0.05, 0.95]
        from clearFraction in Gen.Double[0, 1]
        from ofLast in Gen.Int[1, 6]
        from raiseAfter in Gen.Int[1, ofLast]
        from clearAfter in Gen.Int[1, 4]
        from cooldownS in Gen.Int[0, 4]
        from scores in Gen.Double[0, 1].Array[0, 120]
        from cut in Gen.Int[0, 120]
        select (new AlertPolicySettings(threshold, raiseAfter, ofLast, threshold * clearFraction, clearAfter, cooldownS), scores, cut);

    [Fact]
    public void The_policy_never_raises_twice_without_a_clear_and_follows_its_rule() =>
        Cases.Sample(c =>
        {
            c.Settings.Validate("s");
            var transitions = Transitions(new AlertPolicy(c.Settings), c.Scores, 0, out _);

            var expected = true;
            foreach (var (_, state) in transitions)
            {
                Assert.Equal(expected ? AlertState.Raised : AlertState.Cleared, state);
                expected = !expected;
            }

            Assert.Equal(ReferenceTransitions(c.Settings, c.Scores), transitions);
        }, iter: 2000);

    [Fact]
    public void A_policy_restored_from_its_checkpoint_continues_like_the_original() =>
        Cases.Sample(c =>
        {
            var cut = Math.Min(c.Cut, c.Scores.Length);
            var uninterrupted = Transitions(new AlertPolicy(c.Settings), c.Scores, 0, out _);

            var first = new AlertPolicy(c.Settings);
            var before = Transitions(first, c.Scores[..cut], 0, out _);
            var resumed = new AlertPolicy(c.Settings);
            resumed.Restore(first.Capture());
            var after = Transitions(resumed, c.Scores[cut..], cut, out _);

            Assert.Equal(uninterrupted, [.. before, .. after]);
        }, iter: 2000);

    [Fact]
    public void Through_the_pipeline_each_sensor_alternates_raised_and_cleared() =>
        Gen.Select(Cases, Gen.Int[1, 3]).Sample((c, sensors) =>
        {
            var s = c.Settings;
            var topology = Topologies.Of(
                new BatchingSpec { MaxBatch = 3, MaxDelayMs = 10 },
                Topologies.Stream(size: 2, hop: 2, alert: new AlertPolicySpec { Threshold = s.Threshold, RaiseAfter = s.RaiseAfter, OfLast = s.OfLast, ClearBelow = s.ClearBelow, ClearAfter = s.ClearAfter, CooldownS = s.CooldownS }));
            using var harness = new Harness(topology, new FakeScorer(1, 2, FakeScorer.FirstValue));
            var streams = Enumerable.Range(0, sensors).Select(i => Signals.Chunked($"s{i}", Signals.WindowsWithScores(2, [.. c.Scores.Skip(i)]), 1, 100, 3 + i));
            harness.PushAll(Results.Interleave([.. streams]));
            harness.Complete();
            Assert.Null(harness.Error);

            for (var i = 0; i < sensors; i++)
            {
                var states = harness.Alerts.Where(alert => alert.Sensor == $"s{i}").Select(alert => alert.State).ToList();
                var expected = ReferenceTransitions(s, [.. c.Scores.Skip(i).Select(score => (double)(float)score)], windowMs: 20)
                    .Select(t => AlertRecord.ToWire(t.State));
                Assert.Equal(expected, states);
            }
        }, iter: 200);

    private static List<(int Index, AlertState State)> Transitions(AlertPolicy policy, double[] scores, int firstIndex, out int count)
    {
        var transitions = new List<(int, AlertState)>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (policy.Observe(scores[i], (firstIndex + i + 1) * 1000.0) is { } state)
            {
                transitions.Add((firstIndex + i, state));
            }
        }

        count = scores.Length;
        return transitions;
    }

    /// <summary>
    /// The rule written from its definition, without the ring buffer: raise when at least raise_after
    /// of the last of_last scores since the last clear reach the threshold and the cooldown has passed;
    /// clear after clear_after consecutive scores below clear_below.
    /// </summary>
    private static List<(int Index, AlertState State)> ReferenceTransitions(AlertPolicySettings s, double[] scores, double windowMs = 1000)
    {
        var transitions = new List<(int, AlertState)>();
        var raised = false;
        var historyStart = 0;
        var below = 0;
        var cooldownUntil = double.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            var endMs = (i + 1) * windowMs;
            if (raised)
            {
                below = scores[i] < s.ClearBelow ? below + 1 : 0;
                if (below >= s.ClearAfter)
                {
                    raised = false;
                    below = 0;
                    historyStart = i + 1;
                    cooldownUntil = endMs + (s.CooldownS * 1000);
                    transitions.Add((i, AlertState.Cleared));
                }

                continue;
            }

            var from = Math.Max(historyStart, i - s.OfLast + 1);
            var high = scores[from..(i + 1)].Count(score => score >= s.Threshold);
            if (endMs >= cooldownUntil && high >= s.RaiseAfter)
            {
                raised = true;
                below = 0;
                transitions.Add((i, AlertState.Raised));
            }
        }

        return transitions;
    }
}

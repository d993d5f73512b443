using StreamClassifier.Core.Models;
using StreamClassifier.Core.Records;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Alerts;

namespace StreamClassifier.Pipeline.Tests;

public class AlertPolicyTests
{
    private static AlertPolicy Policy(double threshold = 0.8, int raiseAfter = 1, int ofLast = 1, double? clearBelow = null, int clearAfter = 1, double cooldownS = 0) =>
        new(AlertPolicySettings.Resolve(new AlertPolicySpec { Threshold = threshold, RaiseAfter = raiseAfter, OfLast = ofLast, ClearBelow = clearBelow, ClearAfter = clearAfter, CooldownS = cooldownS }, null, "s"));

    /// <summary>Feeds scores one per second of window time; returns the transitions with their positions.</summary>
    private static List<(int Index, AlertState State)> Run(AlertPolicy policy, params double[] scores)
    {
        var transitions = new List<(int, AlertState)>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (policy.Observe(scores[i], (i + 1) * 1000.0) is { } state)
            {
                transitions.Add((i, state));
            }
        }

        return transitions;
    }

    [Fact]
    public void Raises_when_k_of_the_last_n_scores_reach_the_threshold()
    {
        var policy = Policy(raiseAfter: 3, ofLast: 4, clearAfter: 100);

        var transitions = Run(policy, 0.9, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.2, 0.8);

        // Window 0..3 holds 2 highs; 3..6 holds 2; 5..8 holds 0.9, 0.9, 0.2, 0.8 = 3 (0.8 counts: at or above).
        Assert.Equal([(8, AlertState.Raised)], transitions);
        Assert.True(policy.IsRaised);
    }

    [Fact]
    public void Scores_that_leave_the_last_n_no_longer_count()
    {
        var policy = Policy(raiseAfter: 2, ofLast: 3);

        var transitions = Run(policy, 0.9, 0.1, 0.1, 0.9, 0.1, 0.1, 0.9);

        Assert.Empty(transitions);
    }

    [Fact]
    public void Clears_only_after_m_consecutive_scores_below_the_clear_level()
    {
        var policy = Policy(threshold: 0.8, clearBelow: 0.5, clearAfter: 3);

        // 0.6 is below the threshold but not below clear_below: hysteresis keeps the alert raised.
        var transitions = Run(policy, 0.9, 0.6, 0.6, 0.4, 0.4, 0.7, 0.4, 0.4, 0.4);

        Assert.Equal([(0, AlertState.Raised), (8, AlertState.Cleared)], transitions);
        Assert.False(policy.IsRaised);
    }

    [Fact]
    public void Clear_level_defaults_to_the_threshold()
    {
        var settings = AlertPolicySettings.Resolve(new AlertPolicySpec { Threshold = 0.7 }, null, "s");

        Assert.Equal(0.7, settings.ClearBelow);
    }

    [Fact]
    public void No_raise_during_the_cooldown_after_a_clear_then_raises_on_fresh_evidence()
    {
        var policy = Policy(threshold: 0.8, cooldownS: 3);

        // Clear at window end 2 s; cooldown until 5 s; windows ending at 3 s and 4 s are high but suppressed.
        var transitions = Run(policy, 0.9, 0.1, 0.9, 0.9, 0.9);

        Assert.Equal([(0, AlertState.Raised), (1, AlertState.Cleared), (4, AlertState.Raised)], transitions);
    }

    [Fact]
    public void A_clear_forgets_the_scores_before_it()
    {
        var policy = Policy(raiseAfter: 1, ofLast: 4);

        // Without forgetting, the old 0.9 would still be among the last 4 and re-raise on the low 0.1 at index 2.
        var transitions = Run(policy, 0.9, 0.1, 0.1);

        Assert.Equal([(0, AlertState.Raised), (1, AlertState.Cleared)], transitions);
    }

    [Fact]
    public void Threshold_comes_from_the_topology_else_the_card_else_one_half()
    {
        var card = new ModelCard { Name = "m", Version = "1", InputLayout = InputLayout.NCL, Channels = 1, WindowLength = 4, Output = OutputKind.Probability, Threshold = 0.65 };

        Assert.Equal(0.9, AlertPolicySettings.Resolve(new AlertPolicySpec { Threshold = 0.9 }, card, "s").Threshold);
        Assert.Equal(0.65, AlertPolicySettings.Resolve(new AlertPolicySpec(), card, "s").Threshold);
        Assert.Equal(0.65, AlertPolicySettings.Resolve(null, card, "s").Threshold);
        Assert.Equal(0.5, AlertPolicySettings.Resolve(null, null, "s").Threshold);
    }

    [Theory]
    [InlineData(1.5, 1, 1, null, 1, 0, "alert.threshold is 1.5")]
    [InlineData(0.8, 0, 1, null, 1, 0, "alert.raise_after is 0")]
    [InlineData(0.8, 3, 2, null, 1, 0, "alert.of_last is 2 but raise_after is 3")]
    [InlineData(0.8, 1, 1, 0.9, 1, 0, "alert.clear_below is 0.9")]
    [InlineData(0.8, 1, 1, null, 0, 0, "alert.clear_after is 0")]
    [InlineData(0.8, 1, 1, null, 1, -1, "alert.cooldown_s is -1")]
    public void Impossible_policies_are_rejected_with_the_key_and_stream(double threshold, int raiseAfter, int ofLast, double? clearBelow, int clearAfter, double cooldownS, string expected)
    {
        var spec = new AlertPolicySpec { Threshold = threshold, RaiseAfter = raiseAfter, OfLast = ofLast, ClearBelow = clearBelow, ClearAfter = clearAfter, CooldownS = cooldownS };

        var error = Assert.Throws<ArgumentException>(() => AlertPolicySettings.Resolve(spec, null, "ecg"));

        Assert.Contains("stream 'ecg'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Captured_state_continues_exactly_like_the_original()
    {
        var scores = new[] { 0.9, 0.2, 0.85, 0.1, 0.95, 0.3, 0.3, 0.9, 0.9, 0.1, 0.1, 0.1, 0.9, 0.9, 0.95 };
        var uninterrupted = Run(Policy(raiseAfter: 2, ofLast: 3, clearBelow: 0.5, clearAfter: 2, cooldownS: 1), scores);
        for (var cut = 0; cut <= scores.Length; cut++)
        {
            var first = Policy(raiseAfter: 2, ofLast: 3, clearBelow: 0.5, clearAfter: 2, cooldownS: 1);
            var transitions = new List<(int, AlertState)>();
            for (var i = 0; i < cut; i++)
            {
                if (first.Observe(scores[i], (i + 1) * 1000.0) is { } state)
                {
                    transitions.Add((i, state));
                }
            }

            var second = Policy(raiseAfter: 2, ofLast: 3, clearBelow: 0.5, clearAfter: 2, cooldownS: 1);
            second.Restore(first.Capture());
            for (var i = cut; i < scores.Length; i++)
            {
                if (second.Observe(scores[i], (i + 1) * 1000.0) is { } state)
                {
                    transitions.Add((i, state));
                }
            }

            Assert.Equal(uninterrupted, transitions);
        }
    }
}

using StreamClassifier.Core.Records;

namespace StreamClassifier.Pipeline.Alerts;

/// <summary>
/// One sensor's alert state machine. Idle → raised when at least <c>raise_after</c> of the last
/// <c>of_last</c> scores are at or above the threshold (and no cooldown is running); raised → idle
/// after <c>clear_after</c> consecutive scores below <c>clear_below</c>. A clear starts a cooldown
/// of <c>cooldown_s</c> seconds of window time and forgets the score history, so the next raise
/// needs fresh evidence. Allocation-free per score.
/// </summary>
public sealed class AlertPolicy
{
    private AlertPolicySettings settings;
    private readonly double[] recentScores;
    private int recentCount;
    private int recentNext;
    private int consecutiveBelow;
    private double cooldownUntilMs = double.NegativeInfinity;

    /// <summary>Creates an idle policy.</summary>
    public AlertPolicy(AlertPolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        recentScores = new double[settings.OfLast];
    }

    /// <summary>The settings in force.</summary>
    public AlertPolicySettings Settings => settings;

    /// <summary>
    /// Switches to <paramref name="replacement"/> (a hot-swapped model's calibrated threshold), keeping
    /// the state: recent scores, raised or not, the clear count and any cooldown.
    /// </summary>
    /// <exception cref="ArgumentException">The replacement changes <c>of_last</c> (the score history's size), which comes from the topology.</exception>
    public void ChangeSettings(AlertPolicySettings replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        if (replacement.OfLast != settings.OfLast)
        {
            throw new ArgumentException($"alert.of_last cannot change while the policy runs ({settings.OfLast} → {replacement.OfLast}).", nameof(replacement));
        }

        settings = replacement;
    }

    /// <summary>True while an alert is raised.</summary>
    public bool IsRaised { get; private set; }

    /// <summary>
    /// Feeds the next window's score, in window order.
    /// </summary>
    /// <param name="score">P(class 1) of the window.</param>
    /// <param name="windowEndMs">The window's end time (drives the cooldown).</param>
    /// <returns>The transition this score caused, or null.</returns>
    public AlertState? Observe(double score, double windowEndMs)
    {
        Remember(score);
        if (IsRaised)
        {
            consecutiveBelow = score < settings.ClearBelow ? consecutiveBelow + 1 : 0;
            if (consecutiveBelow < settings.ClearAfter)
            {
                return null;
            }

            IsRaised = false;
            consecutiveBelow = 0;
            recentCount = 0;
            recentNext = 0;
            cooldownUntilMs = windowEndMs + (settings.CooldownS * 1000.0);
            return AlertState.Cleared;
        }

        if (windowEndMs < cooldownUntilMs || CountAtOrAboveThreshold() < settings.RaiseAfter)
        {
            return null;
        }

        IsRaised = true;
        consecutiveBelow = 0;
        return AlertState.Raised;
    }

    /// <summary>Captures the state for a checkpoint.</summary>
    public AlertPolicyState Capture()
    {
        var recent = new double[recentCount];
        var oldest = (recentNext - recentCount + recentScores.Length) % recentScores.Length;
        for (var i = 0; i < recentCount; i++)
        {
            recent[i] = recentScores[(oldest + i) % recentScores.Length];
        }

        return new AlertPolicyState(IsRaised, recent, consecutiveBelow, double.IsNegativeInfinity(cooldownUntilMs) ? null : cooldownUntilMs);
    }

    /// <summary>Restores a captured state.</summary>
    /// <exception cref="ArgumentException">The state holds more recent scores than this policy's <c>of_last</c>.</exception>
    public void Restore(AlertPolicyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.RecentScores.Count > recentScores.Length)
        {
            throw new ArgumentException($"The checkpoint holds {state.RecentScores.Count} recent scores but alert.of_last is {recentScores.Length}; restore it with the topology it was taken with.", nameof(state));
        }

        IsRaised = state.Raised;
        consecutiveBelow = state.ConsecutiveBelow;
        cooldownUntilMs = state.CooldownUntilMs ?? double.NegativeInfinity;
        recentCount = 0;
        recentNext = 0;
        foreach (var score in state.RecentScores)
        {
            Remember(score);
        }
    }

    private void Remember(double score)
    {
        recentScores[recentNext] = score;
        recentNext = (recentNext + 1) % recentScores.Length;
        if (recentCount < recentScores.Length)
        {
            recentCount++;
        }
    }

    private int CountAtOrAboveThreshold()
    {
        var count = 0;
        var oldest = (recentNext - recentCount + recentScores.Length) % recentScores.Length;
        for (var i = 0; i < recentCount; i++)
        {
            if (recentScores[(oldest + i) % recentScores.Length] >= settings.Threshold)
            {
                count++;
            }
        }

        return count;
    }
}

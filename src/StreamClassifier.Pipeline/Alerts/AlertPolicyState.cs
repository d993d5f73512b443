namespace StreamClassifier.Pipeline.Alerts;

/// <summary>Everything an <see cref="AlertPolicy"/> remembers, for checkpoints.</summary>
/// <param name="Raised">Whether an alert is currently raised.</param>
/// <param name="RecentScores">The scores the raise rule still looks at, oldest first (at most <c>of_last</c>).</param>
/// <param name="ConsecutiveBelow">Consecutive scores below the clear level while raised.</param>
/// <param name="CooldownUntilMs">Window time before which no raise may happen (after a clear), or null.</param>
public sealed record AlertPolicyState(bool Raised, IReadOnlyList<double> RecentScores, int ConsecutiveBelow, double? CooldownUntilMs);

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads a stream rule's <c>alert</c> policy: threshold, k of the last n scores, hysteresis and cooldown.</summary>
internal static class AlertPolicyReader
{
    private const int MaxHistory = 1000;

    public static AlertPolicySpec? Read(LoadContext context, MappingReader stream)
    {
        var alert = MappingReader.Open(context, stream.Get("alert")!, stream.PathOf("alert"), "streams[].alert");
        if (alert is null)
        {
            return null;
        }

        const string Probability = "a probability from 0 to 1";
        var threshold = alert.Double("threshold", required: false, value => value is >= 0 and <= 1, Probability + " (omit it to use the model card's calibrated threshold)");
        var raiseAfter = alert.Int("raise_after", required: false, 1, MaxHistory, $"a whole number of scores from 1 to {MaxHistory}");
        var ofLast = alert.Int("of_last", required: false, 1, MaxHistory, $"a whole number of scores from 1 to {MaxHistory}");
        var clearBelow = alert.Double("clear_below", required: false, value => value is >= 0 and <= 1, Probability);
        var clearAfter = alert.Int("clear_after", required: false, 1, MaxHistory, $"a whole number of scores from 1 to {MaxHistory}");
        var cooldown = alert.Double("cooldown_s", required: false, value => value >= 0, "a number of seconds >= 0");
        var valid = !context.Errors.Any(error => error.KeyPath.StartsWith(alert.Path + ".", StringComparison.Ordinal));

        var raiseCount = raiseAfter ?? 1;
        var window = ofLast ?? raiseCount;
        if (raiseCount > window)
        {
            alert.Invalid("raise_after", $"got raise_after {raiseCount} with of_last {window}, expected raise_after at most of_last (k of the last n scores)");
            valid = false;
        }

        if (clearBelow is double clear && threshold is double raise && clear > raise)
        {
            alert.Invalid("clear_below", $"got clear_below {LoadContext.Number(clear)} above threshold {LoadContext.Number(raise)}, expected clear_below at most the threshold (hysteresis)");
            valid = false;
        }

        return valid
            ? new AlertPolicySpec { Threshold = threshold, RaiseAfter = raiseCount, OfLast = window, ClearBelow = clearBelow, ClearAfter = clearAfter ?? 1, CooldownS = cooldown ?? 0 }
            : null;
    }
}

using System.Globalization;

namespace StreamClassifier.Trainer.Data.Recordings;

/// <summary>
/// Labels a window by its overlap with the sensor's events. For each event whose label is one of
/// <see cref="PositiveLabels"/>, the overlap is the time both cover; the window is 1 when, for some
/// such event, the overlap is at least <see cref="MinOverlap"/> × the shorter of the window and the
/// event (so a long event covers half of the window, or a short event lies half inside it). A window
/// no positive event touches is 0. A window a positive event touches less than that is ambiguous:
/// dropped (<see cref="DropAmbiguous"/>) or labelled 0. Events of other labels count as negative.
/// </summary>
internal sealed record EventLabelRule
{
    /// <summary>Event labels that make a window positive.</summary>
    public IReadOnlyList<string> PositiveLabels { get; init; } = [];

    /// <summary>Fraction of the shorter of window and event that must overlap, in (0, 1].</summary>
    public double MinOverlap { get; init; } = 0.5;

    /// <summary>Drop windows that touch a positive event less than <see cref="MinOverlap"/> instead of labelling them 0.</summary>
    public bool DropAmbiguous { get; init; } = true;

    /// <summary>1 positive, 0 negative, -1 ambiguous, for a window <c>[startMs, endMs)</c> of a sensor with <paramref name="events"/> (sorted by start).</summary>
    public int Label(IReadOnlyList<LabelledEvent> events, double startMs, double endMs)
    {
        ArgumentNullException.ThrowIfNull(events);
        var touched = false;
        var windowMs = endMs - startMs;
        foreach (var labelled in events)
        {
            if (labelled.StartMs >= endMs)
            {
                break;
            }

            var overlap = Math.Min(endMs, labelled.EndMs) - Math.Max(startMs, labelled.StartMs);
            if (overlap <= 0 || !IsPositive(labelled.Label))
            {
                continue;
            }

            if (overlap >= MinOverlap * Math.Min(windowMs, labelled.EndMs - labelled.StartMs))
            {
                return 1;
            }

            touched = true;
        }

        return touched ? -1 : 0;
    }

    /// <summary>Whether an event label is positive.</summary>
    public bool IsPositive(string label) => PositiveLabels.Contains(label, StringComparer.Ordinal);

    /// <summary>The rule in one sentence, for the model card.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"1 = the window overlaps an event labelled {string.Join(" or ", PositiveLabels)} by at least {MinOverlap:0.###} of the shorter of window and event; 0 = no such event touches the window (events of other labels count as 0); windows touched less than that are {(DropAmbiguous ? "dropped as ambiguous" : "labelled 0")}");
}

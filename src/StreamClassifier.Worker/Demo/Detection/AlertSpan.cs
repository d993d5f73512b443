namespace StreamClassifier.Worker.Demo.Detection;

/// <summary>
/// The signal time one raised alert covered, seconds from the record's first sample: from the start of
/// the window that raised it to the end of the window that cleared it (or the end of the processed
/// signal when it was still raised).
/// </summary>
/// <param name="StartSeconds">Start of the raising window.</param>
/// <param name="EndSeconds">End of the clearing window, or of the processed signal.</param>
/// <param name="Cleared">True when a clear ended the span.</param>
internal sealed record AlertSpan(double StartSeconds, double EndSeconds, bool Cleared)
{
    /// <summary>True when the span overlaps [<paramref name="startSeconds"/>, <paramref name="endSeconds"/>] widened by <paramref name="toleranceSeconds"/> on both sides.</summary>
    public bool Overlaps(double startSeconds, double endSeconds, double toleranceSeconds) =>
        StartSeconds <= endSeconds + toleranceSeconds && EndSeconds >= startSeconds - toleranceSeconds;

    /// <summary>
    /// Pairs a sensor's alert events (in the order they were emitted) into spans: each raise opens a
    /// span that the next clear closes. A clear without an open span (the sensor's raise came before the
    /// processed range) is ignored; a raise while a span is open (not emitted by the alert policy, but
    /// possible in hand-made input) closes the open span at the new raise.
    /// </summary>
    /// <param name="events">(raised?, window start s, window end s) per alert event, in emission order.</param>
    /// <param name="signalEndSeconds">End of the processed signal, closing a span still open.</param>
    public static IReadOnlyList<AlertSpan> Pair(IEnumerable<(bool Raised, double WindowStartSeconds, double WindowEndSeconds)> events, double signalEndSeconds)
    {
        ArgumentNullException.ThrowIfNull(events);
        var spans = new List<AlertSpan>();
        double? openedAt = null;
        foreach (var (raised, windowStart, windowEnd) in events)
        {
            if (raised)
            {
                if (openedAt is { } previous)
                {
                    spans.Add(new AlertSpan(previous, windowStart, Cleared: false));
                }

                openedAt = windowStart;
            }
            else if (openedAt is { } start)
            {
                spans.Add(new AlertSpan(start, windowEnd, Cleared: true));
                openedAt = null;
            }
        }

        if (openedAt is { } stillOpen)
        {
            spans.Add(new AlertSpan(stillOpen, Math.Max(stillOpen, signalEndSeconds), Cleared: false));
        }

        return spans;
    }
}

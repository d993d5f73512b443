namespace StreamClassifier.Worker.Telemetry;

/// <summary>
/// Turns a partition's record lag into time: remembers when the log's high watermark was observed at
/// which offset, so the group's committed offset can be dated — the committed position was the head of
/// the log <i>t</i> seconds ago (interpolated between the two observations around it, the method of
/// kafka-lag-exporter). History older than <see cref="Horizon"/> is forgotten; a position older than
/// every remembered observation is reported as at least that old.
/// </summary>
internal sealed class LagTimeline
{
    private readonly Queue<(DateTimeOffset Time, long HighWatermark)> history = new();

    /// <summary>Creates a timeline remembering <paramref name="horizon"/> of observations.</summary>
    public LagTimeline(TimeSpan horizon) => Horizon = horizon;

    /// <summary>How far back observations are kept.</summary>
    public TimeSpan Horizon { get; }

    /// <summary>Remembers that the high watermark was <paramref name="highWatermark"/> at <paramref name="time"/>.</summary>
    public void Observe(DateTimeOffset time, long highWatermark)
    {
        history.Enqueue((time, highWatermark));
        while (history.Count > 2 && history.Peek().Time < time - Horizon)
        {
            history.Dequeue();
        }
    }

    /// <summary>How many seconds ago, at <paramref name="now"/>, the log's head was at <paramref name="committed"/>; 0 when nothing is uncommitted.</summary>
    public double SecondsBehind(long committed, DateTimeOffset now)
    {
        if (history.Count == 0)
        {
            return 0;
        }

        (DateTimeOffset Time, long HighWatermark)? before = null;
        foreach (var point in history)
        {
            if (point.HighWatermark > committed)
            {
                // The first record not committed was appended between the last observation at or below
                // the committed offset and this one.
                if (before is not { } earlier)
                {
                    return Math.Max(0, (now - point.Time).TotalSeconds);
                }

                var share = (double)(committed - earlier.HighWatermark) / (point.HighWatermark - earlier.HighWatermark);
                var appended = earlier.Time + ((point.Time - earlier.Time) * share);
                return Math.Max(0, (now - appended).TotalSeconds);
            }

            before = point;
        }

        return 0; // the committed offset is at the head
    }
}

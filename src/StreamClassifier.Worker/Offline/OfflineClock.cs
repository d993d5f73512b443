using System.Reactive.Concurrency;

namespace StreamClassifier.Worker.Offline;

/// <summary>
/// The scheduler of offline runs: a virtual clock that starts at the wall-clock time (for
/// <c>emitted_at_ms</c>) and is never advanced, so batches flush on size and at the end of the input
/// only, idle eviction never fires mid-file, and the output does not depend on how fast the machine is.
/// </summary>
internal static class OfflineClock
{
    /// <summary>A new offline scheduler.</summary>
    public static HistoricalScheduler Create() => new(DateTimeOffset.UtcNow);
}

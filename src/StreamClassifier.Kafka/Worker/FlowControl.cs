using Confluent.Kafka;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// Bounded memory and back-pressure: at <c>source.kafka.max_in_flight_records</c> records in flight, or
/// at <paramref name="maxWindowsWaiting"/> windows waiting for the scorer, every assigned partition is
/// paused; once both are down to half, they resume. Paused partitions still poll, so the member stays
/// in the group however far behind it is. The wide band between pause and resume keeps the toggling
/// rare (a pause drops librdkafka's prefetched records, which resume fetches again).
/// </summary>
/// <param name="maxInFlight">The records bound.</param>
/// <param name="maxWindowsWaiting">The scoring queue's bound, in windows.</param>
internal sealed class FlowControl(int maxInFlight, int maxWindowsWaiting)
{
    /// <summary>True while the partitions are paused.</summary>
    public bool Paused { get; private set; }

    /// <summary>Pauses or resumes the assignment for <paramref name="inFlight"/> records in flight and <paramref name="windowsWaiting"/> windows waiting to be scored.</summary>
    public void Update(IConsumer<byte[]?, byte[]?> consumer, int inFlight, int windowsWaiting)
    {
        var over = inFlight >= maxInFlight || windowsWaiting >= maxWindowsWaiting;
        var under = inFlight <= maxInFlight / 2 && windowsWaiting <= maxWindowsWaiting / 2;
        if (over == Paused || (Paused && !under))
        {
            return; // the common case, checked first: reading the assignment crosses into librdkafka and allocates a list per call
        }

        var assignment = consumer.Assignment;
        if (assignment.Count == 0)
        {
            return;
        }

        if (over)
        {
            consumer.Pause(assignment);
            Paused = true;
        }
        else
        {
            consumer.Resume(assignment);
            Paused = false;
        }
    }
}

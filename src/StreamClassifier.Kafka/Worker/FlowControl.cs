using Confluent.Kafka;

namespace StreamClassifier.Kafka.Worker;

/// <summary>
/// Bounded memory (<c>source.kafka.max_in_flight_records</c>): at the bound every assigned partition is
/// paused, at half of it they resume. Paused partitions still poll, so the member stays in the group
/// however far behind it is.
/// </summary>
/// <param name="maxInFlight">The bound.</param>
internal sealed class FlowControl(int maxInFlight)
{
    /// <summary>True while the partitions are paused.</summary>
    public bool Paused { get; private set; }

    /// <summary>Pauses or resumes the assignment for <paramref name="inFlight"/> records in flight.</summary>
    public void Update(IConsumer<byte[]?, byte[]?> consumer, int inFlight)
    {
        if (inFlight < maxInFlight && !(Paused && inFlight <= maxInFlight / 2))
        {
            return; // the common case, checked first: reading the assignment crosses into librdkafka and allocates a list per call
        }

        var assignment = consumer.Assignment;
        if (assignment.Count == 0)
        {
            return;
        }

        if (inFlight >= maxInFlight)
        {
            consumer.Pause(assignment);
            Paused = true;
        }
        else if (Paused && inFlight <= maxInFlight / 2)
        {
            consumer.Resume(assignment);
            Paused = false;
        }
    }
}

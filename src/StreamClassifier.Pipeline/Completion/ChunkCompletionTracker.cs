using StreamClassifier.Core.Records;

namespace StreamClassifier.Pipeline.Completion;

/// <summary>One input chunk in flight: how many of its windows (plus one while it is being read) are not yet scored.</summary>
internal sealed class ChunkTicket(SampleChunk chunk)
{
    public SampleChunk Chunk { get; } = chunk;

    /// <summary>Outstanding work; starts at 1 for the reading itself.</summary>
    public int Outstanding { get; set; } = 1;
}

/// <summary>
/// Keeps chunks in input order and releases them only from the head, so <see cref="ChunkCompleted"/>
/// events come out in input order: a completion implies every earlier chunk is complete too, which
/// lets the Kafka layer commit an offset as soon as it sees its completion.
/// </summary>
internal sealed class ChunkCompletionTracker
{
    private readonly Queue<ChunkTicket> inFlight = new();

    public int Count => inFlight.Count;

    public ChunkTicket Begin(SampleChunk chunk)
    {
        var ticket = new ChunkTicket(chunk);
        inFlight.Enqueue(ticket);
        return ticket;
    }

    /// <summary>Hands out, oldest first, the chunks whose work is done, stopping at the first that is not.</summary>
    public void DrainCompleted(Action<SampleChunk> completed)
    {
        while (inFlight.TryPeek(out var head) && head.Outstanding == 0)
        {
            inFlight.Dequeue();
            completed(head.Chunk);
        }
    }
}

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Completion;

/// <summary>One input chunk in flight: how many of its windows (plus one while it is being read) are not yet scored.</summary>
internal sealed class ChunkTicket
{
    public SampleChunk Chunk { get; set; } = null!;

    /// <summary>Outstanding work; starts at 1 for the reading itself.</summary>
    public int Outstanding { get; set; }
}

/// <summary>
/// Keeps chunks in input order and releases them only from the head, so <see cref="ChunkCompleted"/>
/// events come out in input order: a completion implies every earlier chunk is complete too, which
/// lets the Kafka layer commit an offset as soon as it sees its completion.
/// </summary>
internal sealed class ChunkCompletionTracker
{
    private readonly Queue<ChunkTicket> inFlight = new();

    // Tickets are recycled once released: by then no pending window refers to them any more.
    private readonly Stack<ChunkTicket> spare = new();

    public int Count => inFlight.Count;

    public ChunkTicket Begin(SampleChunk chunk)
    {
        var ticket = spare.Count > 0 ? spare.Pop() : new ChunkTicket();
        ticket.Chunk = chunk;
        ticket.Outstanding = 1;
        inFlight.Enqueue(ticket);
        return ticket;
    }

    /// <summary>Hands out, oldest first, the chunks whose work is done, stopping at the first that is not.</summary>
    public void DrainCompleted(Action<SampleChunk> completed)
    {
        while (inFlight.TryPeek(out var head) && head.Outstanding == 0)
        {
            inFlight.Dequeue();
            var chunk = head.Chunk;
            head.Chunk = null!;
            spare.Push(head);
            completed(chunk);
        }
    }
}

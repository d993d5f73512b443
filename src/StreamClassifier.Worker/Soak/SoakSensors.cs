using System.Globalization;
using StreamClassifier.Core.Records;
using StreamClassifier.Worker.Demo;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// The soak's simulated sensors: sensor <c>i</c> plays demo record <c>i mod R</c> from its own starting
/// chunk, looping, so the load has real beats (and real alerts) without every sensor being in step.
/// Each sensor's clock starts at the run's start and advances by the signal it sent, so its records are
/// contiguous whatever the publishing rate.
/// </summary>
internal sealed class SoakSensors
{
    private readonly IReadOnlyList<DemoRecord> records;
    private readonly string[] ids;
    private readonly int[] nextChunk;
    private readonly double[] nextT0Ms;
    private int turn;

    /// <summary>Creates <paramref name="count"/> sensors over <paramref name="records"/> (each cut into chunks already), starting at <paramref name="startMs"/>.</summary>
    public SoakSensors(IReadOnlyList<DemoRecord> records, int count, double startMs)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (records.Count == 0 || records.Any(record => record.Chunks.Count == 0))
        {
            throw new ArgumentException("The soak needs at least one record with samples.", nameof(records));
        }

        this.records = records;
        ids = [.. Enumerable.Range(0, count).Select(index => "ecg-soak-" + index.ToString("000", CultureInfo.InvariantCulture))];
        nextChunk = [.. Enumerable.Range(0, count).Select(index => (index / records.Count * 97) % records[index % records.Count].Chunks.Count)];
        nextT0Ms = [.. Enumerable.Repeat(startMs, count)];
    }

    /// <summary>Number of sensors.</summary>
    public int Count => ids.Length;

    /// <summary>The next record in round-robin order over the sensors.</summary>
    public SampleChunk Next()
    {
        var sensor = turn;
        turn = (turn + 1) % ids.Length;
        var record = records[sensor % records.Count];
        var source = record.Chunks[nextChunk[sensor]];
        nextChunk[sensor] = (nextChunk[sensor] + 1) % record.Chunks.Count;
        var chunk = new SampleChunk(ids[sensor], nextT0Ms[sensor], source.SampleRateHz, source.Channels, source.Samples);
        nextT0Ms[sensor] += source.SampleCount * 1000.0 / source.SampleRateHz;
        return chunk;
    }
}

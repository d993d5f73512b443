using System.Globalization;
using System.Text;

namespace StreamClassifier.Kafka.Checkpoints;

/// <summary>
/// Keys in the compacted checkpoint topic. Each source partition's records live in checkpoint
/// partition <c>p mod N</c>, so a worker reads only the partitions it was assigned:
/// <c>offset/&lt;topic&gt;/&lt;p&gt;</c> → the next source offset to read (decimal text);
/// <c>sensor/&lt;topic&gt;/&lt;p&gt;/&lt;sensor id&gt;</c> → the sensor's state snapshot (a tombstone once evicted);
/// exactly-once only: <c>alerts/&lt;topic&gt;/&lt;p&gt;</c> and <c>dead_letters/&lt;topic&gt;/&lt;p&gt;</c> → the alerts
/// (dead-letter) topic offsets from which the partition's outputs not covered by the checkpoint can
/// lie (<see cref="OutputWatermark"/>).
/// </summary>
public static class CheckpointKeys
{
    /// <summary>The resume-offset key of a source partition.</summary>
    public static byte[] Offset(string topic, int partition) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"offset/{topic}/{partition}"));

    /// <summary>The state key of a sensor in a source partition.</summary>
    public static byte[] Sensor(string topic, int partition, string sensorId) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"sensor/{topic}/{partition}/{sensorId}"));

    /// <summary>The alert-watermark key of a source partition (exactly-once mode).</summary>
    public static byte[] AlertWatermark(string topic, int partition) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"alerts/{topic}/{partition}"));

    /// <summary>The dead-letter-watermark key of a source partition (exactly-once mode).</summary>
    public static byte[] DeadLetterWatermark(string topic, int partition) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dead_letters/{topic}/{partition}"));

    /// <summary>Parses an alert-watermark key; false for any other key.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="topic">The source topic expected.</param>
    /// <param name="partition">The source partition.</param>
    public static bool TryParseAlertWatermark(ReadOnlySpan<byte> key, string topic, out int partition) =>
        TryParseWatermark(key, $"alerts/{topic}/", out partition);

    /// <summary>Parses a dead-letter-watermark key; false for any other key.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="topic">The source topic expected.</param>
    /// <param name="partition">The source partition.</param>
    public static bool TryParseDeadLetterWatermark(ReadOnlySpan<byte> key, string topic, out int partition) =>
        TryParseWatermark(key, $"dead_letters/{topic}/", out partition);

    private static bool TryParseWatermark(ReadOnlySpan<byte> key, string prefix, out int partition)
    {
        partition = -1;
        var text = Encoding.UTF8.GetString(key);
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out partition);
    }

    /// <summary>Parses a key; false for keys of other topics or unknown shapes.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="topic">The source topic expected.</param>
    /// <param name="partition">The source partition.</param>
    /// <param name="sensorId">The sensor id, or null for an offset key.</param>
    public static bool TryParse(ReadOnlySpan<byte> key, string topic, out int partition, out string? sensorId)
    {
        partition = -1;
        sensorId = null;
        var text = Encoding.UTF8.GetString(key);
        string rest;
        bool isSensor;
        if (text.StartsWith($"offset/{topic}/", StringComparison.Ordinal))
        {
            rest = text[($"offset/{topic}/").Length..];
            isSensor = false;
        }
        else if (text.StartsWith($"sensor/{topic}/", StringComparison.Ordinal))
        {
            rest = text[($"sensor/{topic}/").Length..];
            isSensor = true;
        }
        else
        {
            return false;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var number = isSensor ? (slash < 0 ? string.Empty : rest[..slash]) : rest;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out partition))
        {
            return false;
        }

        if (isSensor)
        {
            sensorId = rest[(slash + 1)..];
        }

        return true;
    }
}

using System.Text;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Alerts;

namespace StreamClassifier.Pipeline.Checkpoints;

/// <summary>
/// A consistent checkpoint of one sensor: every chunk up to and including <see cref="LastSource"/>
/// applied, with its filter delay lines, window ring, sample counters, alert policy history and the
/// windows still waiting to be scored. Restoring it into a pipeline with the same topology and
/// continuing with the chunks after <see cref="LastSource"/> gives exactly the windows, scores and
/// alerts of an uninterrupted run. <see cref="ToBytes"/>/<see cref="FromBytes"/> give a compact,
/// versioned binary form (little-endian) for a changelog topic or a file.
/// </summary>
public sealed record SensorStateSnapshot
{
    private const uint Magic = 0x53534353; // "SCSS"
    private const int FormatVersion = 1;

    /// <summary>Sensor id.</summary>
    public required string SensorId { get; init; }

    /// <summary>The stream rule the state belongs to (checked on restore).</summary>
    public required string StreamName { get; init; }

    /// <summary>Time of the last accepted sample, ms; null before the first.</summary>
    public double? LastTimestampMs { get; init; }

    /// <summary>Samples accepted so far (the index of the next one).</summary>
    public long NextSampleIndex { get; init; }

    /// <summary>Sample index where the window's row 0 is (the index at the last reset).</summary>
    public long WindowIndexBase { get; init; }

    /// <summary>Windows completed since the last reset.</summary>
    public long WindowsEmitted { get; init; }

    /// <summary>Filter delay lines (<c>FilterChainState.CopyStateTo</c>); empty without filters.</summary>
    public required double[] FilterState { get; init; }

    /// <summary>Window ring contents (<c>SlidingWindow.CopyStateTo</c>).</summary>
    public required double[] WindowState { get; init; }

    /// <summary>Rows appended to the window since the last reset.</summary>
    public long WindowRowsSeen { get; init; }

    /// <summary>Times of the rows that start the next windows (rows k × hop since reset), indexed by k mod length.</summary>
    public required double[] WindowStartTimes { get; init; }

    /// <summary>Alert policy state; null for streams without a scorer.</summary>
    public AlertPolicyState? Alert { get; init; }

    /// <summary>Windows completed but not yet scored, in order; they are scored after a restore.</summary>
    public IReadOnlyList<SensorWindow> PendingWindows { get; init; } = [];

    /// <summary>The record of the last chunk applied, if chunks carried positions.</summary>
    public SourcePosition? LastSource { get; init; }

    /// <summary>Serialises the checkpoint.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(SensorId);
            writer.Write(StreamName);
            WriteNullable(writer, LastTimestampMs);
            writer.Write(NextSampleIndex);
            writer.Write(WindowIndexBase);
            writer.Write(WindowsEmitted);
            WriteDoubles(writer, FilterState);
            WriteDoubles(writer, WindowState);
            writer.Write(WindowRowsSeen);
            WriteDoubles(writer, WindowStartTimes);
            writer.Write(Alert is not null);
            if (Alert is not null)
            {
                writer.Write(Alert.Raised);
                WriteDoubles(writer, [.. Alert.RecentScores]);
                writer.Write(Alert.ConsecutiveBelow);
                WriteNullable(writer, Alert.CooldownUntilMs);
            }

            writer.Write(PendingWindows.Count);
            foreach (var window in PendingWindows)
            {
                writer.Write(window.StreamName);
                writer.Write(window.StartIndex);
                writer.Write(window.StartMs);
                writer.Write(window.EndMs);
                writer.Write(window.Channels);
                writer.Write(window.Length);
                foreach (var value in window.Values)
                {
                    writer.Write(value);
                }

                WriteSource(writer, window.CompletedBy);
            }

            WriteSource(writer, LastSource);
        }

        return stream.ToArray();
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint of a version this build reads, or are truncated.</exception>
    public static SensorStateSnapshot FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("These bytes are not a StreamClassifier sensor checkpoint (bad magic number); check the changelog topic or file they came from.");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Sensor checkpoint format version {version} is not readable by this build (it reads version {FormatVersion}); drop the checkpoint to start the sensor afresh.");
            }

            var sensorId = reader.ReadString();
            var streamName = reader.ReadString();
            var lastTimestamp = ReadNullable(reader);
            var nextSampleIndex = reader.ReadInt64();
            var indexBase = reader.ReadInt64();
            var windowsEmitted = reader.ReadInt64();
            var filterState = ReadDoubles(reader);
            var windowState = ReadDoubles(reader);
            var rowsSeen = reader.ReadInt64();
            var startTimes = ReadDoubles(reader);
            AlertPolicyState? alert = null;
            if (reader.ReadBoolean())
            {
                alert = new AlertPolicyState(reader.ReadBoolean(), ReadDoubles(reader), reader.ReadInt32(), ReadNullable(reader));
            }

            var pendingCount = ReadCount(reader);
            var pending = new List<SensorWindow>(pendingCount);
            for (var i = 0; i < pendingCount; i++)
            {
                var windowStream = reader.ReadString();
                var startIndex = reader.ReadInt64();
                var startMs = reader.ReadDouble();
                var endMs = reader.ReadDouble();
                var channels = reader.ReadInt32();
                var length = reader.ReadInt32();
                if (channels < 1 || length < 1 || (long)channels * length > stream.Length)
                {
                    throw new InvalidDataException($"Sensor checkpoint of '{sensorId}' is corrupt: a pending window claims {channels} × {length} values.");
                }

                var values = new float[channels * length];
                for (var v = 0; v < values.Length; v++)
                {
                    values[v] = reader.ReadSingle();
                }

                pending.Add(new SensorWindow(sensorId, windowStream, startIndex, startMs, endMs, channels, length, values, ReadSource(reader)));
            }

            var lastSource = ReadSource(reader);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"Sensor checkpoint of '{sensorId}' has {stream.Length - stream.Position} unexpected trailing bytes.");
            }

            return new SensorStateSnapshot
            {
                SensorId = sensorId,
                StreamName = streamName,
                LastTimestampMs = lastTimestamp,
                NextSampleIndex = nextSampleIndex,
                WindowIndexBase = indexBase,
                WindowsEmitted = windowsEmitted,
                FilterState = filterState,
                WindowState = windowState,
                WindowRowsSeen = rowsSeen,
                WindowStartTimes = startTimes,
                Alert = alert,
                PendingWindows = pending,
                LastSource = lastSource,
            };
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The sensor checkpoint is truncated; it was cut short when written or read.", ex);
        }
    }

    private static void WriteNullable(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue)
        {
            writer.Write(value.Value);
        }
    }

    private static double? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDouble() : null;

    private static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static double[] ReadDoubles(BinaryReader reader)
    {
        var values = new double[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length)
        {
            throw new InvalidDataException($"The sensor checkpoint is corrupt: a length of {count} does not fit in {reader.BaseStream.Length} bytes.");
        }

        return count;
    }

    private static void WriteSource(BinaryWriter writer, SourcePosition? source)
    {
        writer.Write(source.HasValue);
        if (source is { } position)
        {
            writer.Write(position.Topic);
            writer.Write(position.Partition);
            writer.Write(position.Offset);
        }
    }

    private static SourcePosition? ReadSource(BinaryReader reader) =>
        reader.ReadBoolean() ? new SourcePosition(reader.ReadString(), reader.ReadInt32(), reader.ReadInt64()) : null;
}

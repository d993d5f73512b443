using System.Text;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Alerts;

namespace StreamClassifier.Pipeline.Checkpoints;

/// <summary>
/// The binary form of a <see cref="SensorStateSnapshot"/> (little-endian, <see cref="BinaryWriter"/>
/// strings): magic "SCSS", format version, the sensor's counters, filter and window state, alert
/// policy state, pending windows and last source position. Reading checks every length against the
/// bytes there are, so corrupt or truncated input fails with <see cref="InvalidDataException"/>.
/// </summary>
internal static class SensorStateSnapshotFormat
{
    private const uint Magic = 0x53534353; // "SCSS"
    private const int FormatVersion = 1;

    /// <summary>Serialises <paramref name="snapshot"/>.</summary>
    public static byte[] Write(SensorStateSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(snapshot.SensorId);
            writer.Write(snapshot.StreamName);
            WriteNullable(writer, snapshot.LastTimestampMs);
            writer.Write(snapshot.NextSampleIndex);
            writer.Write(snapshot.WindowIndexBase);
            writer.Write(snapshot.WindowsEmitted);
            WriteDoubles(writer, snapshot.FilterState);
            WriteDoubles(writer, snapshot.WindowState);
            writer.Write(snapshot.WindowRowsSeen);
            WriteDoubles(writer, snapshot.WindowStartTimes);
            WriteAlert(writer, snapshot.Alert);
            writer.Write(snapshot.PendingWindows.Count);
            foreach (var window in snapshot.PendingWindows)
            {
                WriteWindow(writer, window);
            }

            WriteSource(writer, snapshot.LastSource);
        }

        return stream.ToArray();
    }

    /// <summary>Reads a snapshot written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint of a version this build reads, or are truncated or corrupt.</exception>
    public static SensorStateSnapshot Read(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            ReadPreamble(reader);
            var sensorId = reader.ReadString();
            var snapshot = new SensorStateSnapshot
            {
                SensorId = sensorId,
                StreamName = reader.ReadString(),
                LastTimestampMs = ReadNullable(reader),
                NextSampleIndex = reader.ReadInt64(),
                WindowIndexBase = reader.ReadInt64(),
                WindowsEmitted = reader.ReadInt64(),
                FilterState = ReadDoubles(reader),
                WindowState = ReadDoubles(reader),
                WindowRowsSeen = reader.ReadInt64(),
                WindowStartTimes = ReadDoubles(reader),
                Alert = ReadAlert(reader),
                PendingWindows = ReadWindows(reader, sensorId),
                LastSource = ReadSource(reader),
            };
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"Sensor checkpoint of '{sensorId}' has {stream.Length - stream.Position} unexpected trailing bytes.");
            }

            return snapshot;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The sensor checkpoint is truncated; it was cut short when written or read.", ex);
        }
    }

    private static void ReadPreamble(BinaryReader reader)
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
    }

    private static void WriteAlert(BinaryWriter writer, AlertPolicyState? alert)
    {
        writer.Write(alert is not null);
        if (alert is not null)
        {
            writer.Write(alert.Raised);
            WriteDoubles(writer, [.. alert.RecentScores]);
            writer.Write(alert.ConsecutiveBelow);
            WriteNullable(writer, alert.CooldownUntilMs);
        }
    }

    private static AlertPolicyState? ReadAlert(BinaryReader reader) =>
        reader.ReadBoolean() ? new AlertPolicyState(reader.ReadBoolean(), ReadDoubles(reader), reader.ReadInt32(), ReadNullable(reader)) : null;

    private static void WriteWindow(BinaryWriter writer, SensorWindow window)
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

    private static List<SensorWindow> ReadWindows(BinaryReader reader, string sensorId)
    {
        var count = ReadCount(reader);
        var windows = new List<SensorWindow>(count);
        for (var i = 0; i < count; i++)
        {
            windows.Add(ReadWindow(reader, sensorId));
        }

        return windows;
    }

    private static SensorWindow ReadWindow(BinaryReader reader, string sensorId)
    {
        var streamName = reader.ReadString();
        var startIndex = reader.ReadInt64();
        var startMs = reader.ReadDouble();
        var endMs = reader.ReadDouble();
        var channels = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (channels < 1 || length < 1 || (long)channels * length > reader.BaseStream.Length)
        {
            throw new InvalidDataException($"Sensor checkpoint of '{sensorId}' is corrupt: a pending window claims {channels} × {length} values.");
        }

        var values = new float[channels * length];
        for (var v = 0; v < values.Length; v++)
        {
            values[v] = reader.ReadSingle();
        }

        return new SensorWindow(sensorId, streamName, startIndex, startMs, endMs, channels, length, values, ReadSource(reader));
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

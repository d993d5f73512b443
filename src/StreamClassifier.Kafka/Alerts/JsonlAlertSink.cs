using StreamClassifier.Core.Records;

namespace StreamClassifier.Kafka.Alerts;

/// <summary>Appends each alert as one JSON line. After a crash the file may hold duplicates with the same <c>alert_id</c> (at-least-once).</summary>
public sealed class JsonlAlertSink : IAlertSink
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream stream;

    /// <summary>Opens (creating folders) the file for appending.</summary>
    /// <param name="path">The JSONL path.</param>
    public JsonlAlertSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Write(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        stream.Write(AlertJson.Serialize(alert));
        stream.Write(NewLine);
    }

    /// <inheritdoc />
    public void Flush() => stream.Flush(flushToDisk: true);

    /// <inheritdoc />
    public void Dispose()
    {
        stream.Flush(flushToDisk: true);
        stream.Dispose();
    }
}

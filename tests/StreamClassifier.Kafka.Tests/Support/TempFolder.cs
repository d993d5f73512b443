namespace StreamClassifier.Kafka.Tests.Support;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates it.</summary>
    public TempFolder() => Directory.CreateDirectory(Path);

    /// <summary>Its path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sc-kafka-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A file path inside it.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SC_KEEP_TEMP") == "1")
        {
            return; // kept for debugging by hand
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

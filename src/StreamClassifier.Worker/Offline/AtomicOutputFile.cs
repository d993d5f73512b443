namespace StreamClassifier.Worker.Offline;

/// <summary>
/// An output file that appears under its final name only when <see cref="Commit"/> is called:
/// a failed run never leaves a half-written file that looks complete.
/// </summary>
internal sealed class AtomicOutputFile : IDisposable
{
    private readonly string temporaryPath;
    private bool committed;

    /// <summary>Opens a temporary file beside <paramref name="path"/>.</summary>
    public AtomicOutputFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FinalPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(directory);
        temporaryPath = Path.Combine(directory, $".{Path.GetFileName(FinalPath)}.{Environment.ProcessId}.partial");
        Stream = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>Where the file ends up.</summary>
    public string FinalPath { get; }

    /// <summary>The stream to write to.</summary>
    public FileStream Stream { get; }

    /// <summary>Flushes and moves the file to its final name.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(temporaryPath, FinalPath, overwrite: true);
        committed = true;
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (committed)
        {
            return;
        }

        Stream.Dispose();
        try
        {
            File.Delete(temporaryPath);
        }
        catch (IOException)
        {
            // Best effort: the temporary name never looks like a finished output.
        }
    }
}

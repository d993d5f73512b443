namespace StreamClassifier.Fuzz;

/// <summary>
/// A per-process folder for the parsers that only read files: each input is written to the same
/// path, so a run leaves one file behind per target, not one per execution.
/// </summary>
public static class ScratchFiles
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"streamclassifier-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        return root;
    });

    /// <summary>The folder.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="fileName"/> in the folder and returns its path.</summary>
    public static string Write(string fileName, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(Root, fileName);
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }
}

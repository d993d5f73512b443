using System.Globalization;

namespace StreamClassifier.Trainer.Data.Fetch;

/// <summary>
/// The SHA-256 manifest of one public dataset: every file <c>data fetch</c> writes, with its size and
/// hash. The manifests live in Data/Fetch/Manifests/*.sha256 (one <c>sha256 size path</c> line per
/// file, <c>#</c> comments) and are embedded in the trainer.
/// </summary>
internal sealed class DatasetManifest
{
    /// <summary>The datasets that have a manifest, by the name <c>data fetch</c> takes.</summary>
    public static readonly IReadOnlyList<string> Known = ["mitdb", "nstdb", "ucr"];

    private DatasetManifest(string dataset, IReadOnlyList<ManifestEntry> entries)
    {
        Dataset = dataset;
        Entries = entries;
    }

    /// <summary>The dataset's name (<c>mitdb</c>, <c>nstdb</c>, <c>ucr</c>).</summary>
    public string Dataset { get; }

    /// <summary>Every file, in manifest order.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>The sum of the file sizes.</summary>
    public long TotalBytes => Entries.Sum(entry => entry.Size);

    /// <summary>The manifest embedded in the trainer for <paramref name="dataset"/>.</summary>
    public static DatasetManifest Load(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var stream = typeof(DatasetManifest).Assembly.GetManifestResourceStream($"manifests/{dataset}.sha256")
            ?? throw new ArgumentException($"There is no dataset '{dataset}'; known: {string.Join(", ", Known)}.", nameof(dataset));
        using var reader = new StreamReader(stream);
        return Parse(dataset, reader.ReadToEnd());
    }

    /// <summary>Parses manifest text (<c>sha256 size path</c> per line, <c>#</c> comments, blank lines ignored).</summary>
    public static DatasetManifest Parse(string dataset, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<ManifestEntry>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || fields[0].Length != 64 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || fields[2].Contains("..", StringComparison.Ordinal) || fields[2].StartsWith('/'))
            {
                throw new FormatException($"Manifest '{dataset}' line {i + 1}: expected '<sha256> <size> <relative path>', found '{line}'.");
            }

            entries.Add(new ManifestEntry(fields[2], size, fields[0].ToLowerInvariant()));
        }

        return new DatasetManifest(dataset, entries);
    }
}

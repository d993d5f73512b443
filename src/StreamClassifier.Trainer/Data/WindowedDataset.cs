using StreamClassifier.Core.Topology;
using StreamClassifier.Trainer.Data.MitBih;

namespace StreamClassifier.Trainer.Data;

/// <summary>
/// Prepares a dataset with a chosen window length: recordings (MIT-BIH) are re-cut with that window size (the hop
/// unchanged); fixed-length series (UCR, CSV) accept only their own length.
/// </summary>
internal static class WindowedDataset
{
    /// <summary>Loads and splits <paramref name="source"/> as <see cref="DatasetCatalog.Prepare"/> does, with windows of <paramref name="windowLength"/> samples when given.</summary>
    /// <exception cref="ArgumentException">The dataset has fixed-length series of another length.</exception>
    public static PreparedDataset Prepare(DatasetSource source, DatasetOptions options, int? windowLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (windowLength is { } length && source is MitBihSource mitbih)
        {
            return DatasetCatalog.FromMitBih(LoadMitBih(mitbih, options, length));
        }

        var data = DatasetCatalog.Prepare(source, options);
        if (windowLength is { } fixedLength && fixedLength != data.Train.Length)
        {
            throw new ArgumentException($"window_length: {data.Name} has series of a fixed length {data.Train.Length}, so a window of {fixedLength} samples cannot be cut; remove window_length (or use {data.Train.Length}).");
        }

        return data;
    }

    /// <summary>Builds the MIT-BIH windows of a <c>mitbih:</c> source, optionally with another window size.</summary>
    public static MitBihDataset LoadMitBih(MitBihSource source, DatasetOptions options, int? windowLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        MitBihConfig config;
        string dataDir;
        if (string.Equals(source.ConfigPath, "default", StringComparison.OrdinalIgnoreCase))
        {
            config = MitBihConfig.VentricularDemo;
            dataDir = Path.Combine(options.DataRoot, "mitbih");
        }
        else
        {
            config = MitBihConfig.Load(source.ConfigPath);
            dataDir = config.DataDir is null
                ? Path.Combine(options.DataRoot, "mitbih")
                : Path.GetFullPath(config.DataDir, Path.GetDirectoryName(Path.GetFullPath(source.ConfigPath)) ?? ".");
        }

        if (windowLength is { } length)
        {
            config = config with { Window = new WindowSpec(length, config.Window.Hop) };
            config.Validate($"{source.ConfigPath} with window_length {length}");
        }

        return MitBihWindows.Build(config, dataDir);
    }
}

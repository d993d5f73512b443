namespace StreamClassifier.Trainer.Data;

/// <summary>
/// Reads one UCR 2018 <c>.tsv</c> file: no header, TAB-separated, column 0 the class label, columns
/// 1..L the series (used as given: the archive is already z-normalised except the datasets its
/// README lists, and changing that would make the results incomparable with published ones).
/// </summary>
internal static class UcrTsvReader
{
    /// <summary>
    /// Reads <paramref name="path"/>. Without <paramref name="mapping"/> the file's two labels are mapped
    /// numerically (smaller → 0); pass the TRAIN mapping when reading TEST.
    /// </summary>
    /// <exception cref="DatasetFormatException">The file is missing or malformed; the message names file and line.</exception>
    public static LabelledSeriesFile Read(string path, LabelMapping? mapping = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var (labels, values, length) = SeriesTextReader.Read(path, '\t', allowHeader: false);
        return LabelledSeriesFile.Create(path, labels, values, length, mapping);
    }
}

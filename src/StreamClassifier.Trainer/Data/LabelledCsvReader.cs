namespace StreamClassifier.Trainer.Data;

/// <summary>
/// Reads a generic labelled CSV: one series per row, <c>label,v0,v1,...,vL-1</c>, comma-separated,
/// invariant-culture numbers, an optional header row (recognised because its value fields are not
/// numbers), every row the same length. The label is any text; exactly two distinct labels must
/// occur; numeric labels map numerically (smaller → 0), others ordinally. Series are used as given.
/// </summary>
internal static class LabelledCsvReader
{
    /// <summary>Reads <paramref name="path"/>, mapping labels through <paramref name="mapping"/> when given.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or malformed; the message names file and line.</exception>
    public static LabelledSeriesFile Read(string path, LabelMapping? mapping = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var (labels, values, length) = SeriesTextReader.Read(path, ',', allowHeader: true);
        return LabelledSeriesFile.Create(path, labels, values, length, mapping);
    }
}

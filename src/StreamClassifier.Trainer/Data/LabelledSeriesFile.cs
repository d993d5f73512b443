namespace StreamClassifier.Trainer.Data;

/// <summary>Series read from one file (one channel per series) with their 0/1 labels.</summary>
/// <param name="Path">The file read.</param>
/// <param name="Windows">The series as windows of one channel.</param>
/// <param name="Mapping">Original label → class.</param>
internal sealed record LabelledSeriesFile(string Path, LabelledWindows Windows, LabelMapping Mapping)
{
    /// <summary>Maps the labels of a file read with <see cref="SeriesTextReader"/> through <paramref name="mapping"/> (or one built from these labels).</summary>
    internal static LabelledSeriesFile Create(string path, List<string> labels, float[] values, int length, LabelMapping? mapping)
    {
        mapping ??= LabelMapping.FromLabels(labels, path);
        var classes = new int[labels.Count];
        for (var row = 0; row < labels.Count; row++)
        {
            classes[row] = mapping.TryClassOf(labels[row])
                ?? throw new DatasetFormatException($"{path}: row {row + 1} has label '{labels[row]}', which is neither of the training labels ({mapping.NegativeLabel}, {mapping.PositiveLabel}).");
        }

        return new LabelledSeriesFile(path, new LabelledWindows(values, classes, 1, length), mapping);
    }
}

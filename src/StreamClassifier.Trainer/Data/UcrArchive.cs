namespace StreamClassifier.Trainer.Data;

/// <summary>One UCR dataset: TRAIN (and TEST when the archive copy has it), with the label mapping taken from TRAIN.</summary>
/// <param name="Name">Dataset name, e.g. <c>GunPoint</c>.</param>
/// <param name="Train">The TRAIN split.</param>
/// <param name="Test">The TEST split, or null when this copy of the archive lacks it.</param>
/// <param name="Mapping">Original label → class, from TRAIN.</param>
/// <param name="TrainPath">The TRAIN file.</param>
/// <param name="TestPath">The TEST file, or null.</param>
internal sealed record UcrDataset(string Name, LabelledWindows Train, LabelledWindows? Test, LabelMapping Mapping, string TrainPath, string? TestPath);

/// <summary>The UCR archive laid out as <c>&lt;root&gt;/&lt;Name&gt;/&lt;Name&gt;_{TRAIN,TEST}.tsv</c>.</summary>
internal static class UcrArchive
{
    /// <summary>Names of the datasets under <paramref name="root"/> that have both a TRAIN and a TEST file, sorted ordinally.</summary>
    public static IReadOnlyList<string> DatasetsWithTestSplit(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Directory.Exists(root))
        {
            throw new DatasetFormatException($"{root}: the UCR archive folder does not exist. Fetch the datasets with `streamclassifier-train data fetch ucr --to DIR` and pass --data-root DIR (docs/datasets.md).");
        }

        return [.. Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(TrainPath(root, name)) && File.Exists(TestPath(root, name)))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Loads one dataset. TEST labels must be the two TRAIN labels.</summary>
    /// <exception cref="DatasetFormatException">The dataset is missing or malformed.</exception>
    public static UcrDataset Load(string root, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trainPath = TrainPath(root, name);
        if (!File.Exists(trainPath))
        {
            var known = Directory.Exists(root) ? string.Join(", ", DatasetsWithTestSplit(root).Take(40)) : "(the folder does not exist)";
            throw new DatasetFormatException($"{trainPath}: UCR dataset '{name}' was not found (names are case-sensitive). Datasets with a TEST split here: {known}.");
        }

        var train = UcrTsvReader.Read(trainPath);
        var testPath = TestPath(root, name);
        LabelledWindows? test = null;
        if (File.Exists(testPath))
        {
            var testFile = UcrTsvReader.Read(testPath, train.Mapping);
            if (testFile.Windows.Length != train.Windows.Length)
            {
                throw new DatasetFormatException($"{testPath}: TEST series have {testFile.Windows.Length} values but TRAIN series have {train.Windows.Length}.");
            }

            test = testFile.Windows;
        }

        return new UcrDataset(name, train.Windows, test, train.Mapping, trainPath, test is null ? null : testPath);
    }

    private static string TrainPath(string root, string name) => Path.Combine(root, name, $"{name}_TRAIN.tsv");

    private static string TestPath(string root, string name) => Path.Combine(root, name, $"{name}_TEST.tsv");
}

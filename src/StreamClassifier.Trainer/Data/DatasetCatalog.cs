using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Data.MitBih;

namespace StreamClassifier.Trainer.Data;

/// <summary>Turns a <see cref="DatasetSource"/> into train, validation and test windows. TEST is never touched by the splits.</summary>
internal static class DatasetCatalog
{
    /// <summary>Fraction held out as TEST when a CSV has no sibling TEST file.</summary>
    public const double CsvTestFraction = 0.2;

    /// <summary>Loads and splits the data.</summary>
    /// <exception cref="DatasetFormatException">The data is missing or malformed.</exception>
    public static PreparedDataset Prepare(DatasetSource source, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        return source switch
        {
            UcrSource ucr => PrepareUcr(ucr.Name, options),
            CsvSource csv => PrepareCsv(csv.Path, options),
            MitBihSource mitbih => PrepareMitBih(mitbih.ConfigPath, options),
            RecordingsSource recordings => Recordings.RecordingsDataset.Prepare(recordings.ConfigPath, options.Seed),
            _ => throw new ArgumentException($"Unknown dataset source {source}.", nameof(source)),
        };
    }

    /// <summary>Loads a UCR dataset and splits validation off its TRAIN file.</summary>
    public static PreparedDataset PrepareUcr(string name, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataset = UcrArchive.Load(Path.Combine(options.DataRoot, "ucr"), name);
        var split = StratifiedSplit.Split(dataset.Train.Labels, options.ValidationFraction, options.Seed);
        return new PreparedDataset
        {
            Name = name,
            Train = dataset.Train.Subset(split.Train),
            Validation = dataset.Train.Subset(split.Validation),
            Test = dataset.Test,
            LabelMapping = dataset.Mapping.ClassByLabel,
            DataDescription = $"UCR archive 2018 {name} ({Path.GetFileName(dataset.TrainPath)} {dataset.Train.Count} rows"
                + (dataset.TestPath is null ? ", no TEST split in this copy" : $", {Path.GetFileName(dataset.TestPath)} {dataset.Test!.Count} rows")
                + $", length {dataset.Train.Length}; series used as given)",
            SplitDescription = DescribeStratified(split, options) + (dataset.Test is null ? "; no TEST split, so no held-out metrics" : "; TEST = the archive TEST file, used only for the final metrics"),
        };
    }

    private static PreparedDataset PrepareCsv(string path, DatasetOptions options)
    {
        var trainFile = LabelledCsvReader.Read(path);
        var siblingTest = path.EndsWith("_TRAIN.csv", StringComparison.OrdinalIgnoreCase)
            ? string.Concat(path.AsSpan(0, path.Length - "_TRAIN.csv".Length), "_TEST.csv")
            : null;
        LabelledWindows trainPool;
        LabelledWindows test;
        string testDescription;
        if (siblingTest is not null && File.Exists(siblingTest))
        {
            trainPool = trainFile.Windows;
            test = LabelledCsvReader.Read(siblingTest, trainFile.Mapping).Windows;
            if (test.Length != trainPool.Length)
            {
                throw new DatasetFormatException($"{siblingTest}: TEST rows have {test.Length} values but TRAIN rows have {trainPool.Length}.");
            }

            testDescription = $"TEST = {Path.GetFileName(siblingTest)} ({test.Count} rows)";
        }
        else
        {
            // No separate TEST file: hold out a stratified TEST part first, with a seed of its own, then validate on the rest.
            var testSplit = StratifiedSplit.Split(trainFile.Windows.Labels, CsvTestFraction, unchecked(options.Seed + 7919));
            trainPool = trainFile.Windows.Subset(testSplit.Train);
            test = trainFile.Windows.Subset(testSplit.Validation);
            testDescription = string.Create(CultureInfo.InvariantCulture, $"TEST = a stratified {CsvTestFraction * 100:0.#}% of the file held out before validation (seed {options.Seed} + 7919), {test.Count} rows");
        }

        var split = StratifiedSplit.Split(trainPool.Labels, options.ValidationFraction, options.Seed);
        return new PreparedDataset
        {
            Name = Path.GetFileNameWithoutExtension(path),
            Train = trainPool.Subset(split.Train),
            Validation = trainPool.Subset(split.Validation),
            Test = test,
            LabelMapping = trainFile.Mapping.ClassByLabel,
            DataDescription = $"labelled CSV {Path.GetFullPath(path)} ({trainFile.Windows.Count} rows, length {trainFile.Windows.Length}; series used as given)",
            SplitDescription = DescribeStratified(split, options) + "; " + testDescription,
        };
    }

    private static PreparedDataset PrepareMitBih(string configPath, DatasetOptions options) =>
        FromMitBih(WindowedDataset.LoadMitBih(new MitBihSource(configPath), options, windowLength: null));

    /// <summary>Wraps built MIT-BIH windows with their card descriptions.</summary>
    public static PreparedDataset FromMitBih(MitBihDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var config = dataset.Config;
        return new PreparedDataset
        {
            Name = config.Name,
            Train = dataset.Train,
            Validation = dataset.Validation,
            Test = dataset.Test,
            LabelMapping = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                [$"no {string.Join("/", config.Label.PositiveSymbols)} beat"] = 0,
                [$"contains {string.Join("/", config.Label.PositiveSymbols)} beat"] = 1,
            },
            DataDescription = dataset.DataDescription,
            SplitDescription = dataset.SplitDescription,
            LabelRule = dataset.LabelRule,
            SampleRateHz = config.SampleRateHz,
            Preprocessing = new PreprocessingCard { Filters = config.Filters, WindowHop = config.Window.Hop, Normalize = config.Normalize },
        };
    }

    private static string DescribeStratified(SplitIndexes split, DatasetOptions options) =>
        split.Validation.Count == 0
            ? $"no validation split (fraction 0): all {split.Train.Count} TRAIN rows train the model"
            : string.Create(CultureInfo.InvariantCulture, $"validation = a stratified {options.ValidationFraction * 100:0.#}% of TRAIN (seed {options.Seed}, SplitMix64 shuffle per class): {split.Train.Count} train / {split.Validation.Count} validation rows");
}

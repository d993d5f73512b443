using System.Globalization;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Reporting;

/// <summary>One published figure for one dataset and method, after folding the CSV's rows.</summary>
/// <param name="Dataset">UCR 2018 dataset name.</param>
/// <param name="Method">Method (FCN, ResNet, InceptionTime, ROCKET, MiniRocket).</param>
/// <param name="Accuracy">Test accuracy, a fraction.</param>
/// <param name="Rows">How many CSV rows it comes from.</param>
/// <param name="Basis">What the number is, in words (published mean, or a mean of single runs computed here).</param>
internal sealed record BaselineFigure(string Dataset, string Method, double Accuracy, int Rows, string Basis)
{
    /// <summary>True when the figure is an average of single runs computed here, not a published mean.</summary>
    public bool AveragedHere => Rows > 1;
}

/// <summary>
/// Reads <c>published_baselines.csv</c> (<c>dataset,method,accuracy,source</c>). The file mixes row shapes,
/// folded here as follows: one row per dataset and method is a published figure (Fawaz et al.'s mean of
/// 10 runs, ROCKET's accuracy_mean); several "single run" rows (dl-4-tsc's results-ucr-128.csv for the
/// 2018-only datasets: 5 iterations, no published mean) are averaged here and flagged; InceptionTime has
/// two sources, the UCR 2015 (85-dataset) file and the UCR 2018 (128-dataset) file: the 2015 figure is the
/// primary one when it exists (the same archive generation as the FCN/ResNet table), the 2018 one otherwise,
/// and both stay available.
/// </summary>
internal sealed class PublishedBaselines
{
    /// <summary>The four methods the results table compares against, in column order.</summary>
    public static readonly IReadOnlyList<string> ComparedMethods = ["FCN", "ResNet", "InceptionTime", "ROCKET"];

    /// <summary>The table shipped with the trainer (Reporting/published_baselines.csv beside the executable; sources in docs/datasets.md).</summary>
    public static string BundledPath => System.IO.Path.Combine(AppContext.BaseDirectory, "Reporting", "published_baselines.csv");

    private readonly Dictionary<(string Dataset, string Method), BaselineFigure> primary;
    private readonly Dictionary<string, BaselineFigure> inceptionTime2018;

    private PublishedBaselines(string path, Dictionary<(string, string), BaselineFigure> primary, Dictionary<string, BaselineFigure> inceptionTime2018)
    {
        Path = path;
        this.primary = primary;
        this.inceptionTime2018 = inceptionTime2018;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Every dataset with at least one figure.</summary>
    public IReadOnlyList<string> Datasets => [.. primary.Keys.Select(key => key.Dataset).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Reads and folds the CSV.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or a row is malformed; the message names file and line.</exception>
    public static PublishedBaselines Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: the published baselines file does not exist. Pass --baselines or --data-root.");
        }

        var rows = ReadRows(path);
        var primary = new Dictionary<(string, string), BaselineFigure>();
        var inception2018 = new Dictionary<string, BaselineFigure>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(row => (row.Dataset, row.Method)))
        {
            var (dataset, method) = group.Key;
            var groupRows = group.ToList();
            if (method == "InceptionTime")
            {
                var from2015 = groupRows.Where(row => row.Source.Contains("InceptionTime-85", StringComparison.Ordinal)).ToList();
                var from2018 = groupRows.Where(row => row.Source.Contains("InceptionTime-128", StringComparison.Ordinal)).ToList();
                if (from2018.Count > 0)
                {
                    inception2018[dataset] = Fold(dataset, method, from2018, "UCR 2018 (128-dataset) results file, ensemble of 5");
                }

                var chosen = from2015.Count > 0 ? from2015 : from2018.Count > 0 ? from2018 : groupRows;
                primary[group.Key] = Fold(dataset, method, chosen, from2015.Count > 0 ? "UCR 2015 (85-dataset) results file, ensemble of 5" : "UCR 2018 (128-dataset) results file, ensemble of 5");
                continue;
            }

            primary[group.Key] = Fold(dataset, method, groupRows, method switch
            {
                "FCN" or "ResNet" => "published mean over 10 runs (Fawaz et al. 2019)",
                "ROCKET" => "published accuracy_mean, default split (Dempster et al. 2020)",
                "MiniRocket" => "mean over 30 resamples (not the default split; not comparable)",
                _ => "published",
            });
        }

        return new PublishedBaselines(path, primary, inception2018);
    }

    /// <summary>The CSV's rows after its header: dataset, method, accuracy (a fraction) and source.</summary>
    private static List<(string Dataset, string Method, double Accuracy, string Source)> ReadRows(string path)
    {
        var rows = new List<(string Dataset, string Method, double Accuracy, string Source)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.StartsWith("dataset,method,accuracy", StringComparison.Ordinal))
                {
                    throw new DatasetFormatException($"{path}:1: expected the header 'dataset,method,accuracy,source', found '{line}'.");
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            if (fields.Count < 3 || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var accuracy) || accuracy is < 0 or > 1)
            {
                throw new DatasetFormatException($"{path}:{lineNumber}: expected dataset,method,accuracy (a fraction in [0,1]),source; found '{line}'.");
            }

            rows.Add((fields[0], fields[1], accuracy, fields.Count > 3 ? fields[3] : string.Empty));
        }

        return rows;
    }

    /// <summary>The figure for a dataset and method (InceptionTime: the primary source), or null.</summary>
    public BaselineFigure? Get(string dataset, string method) => primary.GetValueOrDefault((dataset, method));

    /// <summary>InceptionTime's UCR 2018 figure, or null.</summary>
    public BaselineFigure? InceptionTime2018(string dataset) => inceptionTime2018.GetValueOrDefault(dataset);

    private static BaselineFigure Fold(string dataset, string method, List<(string Dataset, string Method, double Accuracy, string Source)> rows, string basis)
    {
        if (rows.Count == 1)
        {
            return new BaselineFigure(dataset, method, rows[0].Accuracy, 1, basis);
        }

        var singleRuns = rows.All(row => row.Source.Contains("single run", StringComparison.Ordinal));
        var description = singleRuns
            ? $"mean of {rows.Count} single runs averaged here (dl-4-tsc results-ucr-128.csv, UCR 2018; no published mean)"
            : $"mean of {rows.Count} rows averaged here ({basis})";
        return new BaselineFigure(dataset, method, rows.Average(row => row.Accuracy), rows.Count, description);
    }
}

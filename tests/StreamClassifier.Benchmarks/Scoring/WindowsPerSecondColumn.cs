using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace StreamClassifier.Benchmarks.Scoring;

/// <summary>Windows scored per second: the <c>BatchSize</c> parameter divided by the mean time of one call.</summary>
public sealed class WindowsPerSecondColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(WindowsPerSecondColumn);

    /// <inheritdoc />
    public string ColumnName => "Windows/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Windows scored per second (BatchSize / Mean)";

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        var batch = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "BatchSize")?.Value;
        if (statistics is null || batch is not int batchSize)
        {
            return "-";
        }

        return (batchSize / (statistics.Mean * 1e-9)).ToString("N0", CultureInfo.InvariantCulture);
    }
}

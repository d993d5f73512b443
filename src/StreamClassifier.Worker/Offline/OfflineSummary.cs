using System.Globalization;
using System.Text;
using StreamClassifier.Pipeline;
using StreamClassifier.Pipeline.Counters;

namespace StreamClassifier.Worker.Offline;

/// <summary>The one-paragraph account an offline run prints: what went in, what came out, what was dropped and why.</summary>
internal static class OfflineSummary
{
    /// <summary>Describes a finished run.</summary>
    public static string Describe(long rowsRead, PipelineCountersSnapshot counters, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"read {rowsRead} rows in {counters.Records} chunks; ");
        text.Append(CultureInfo.InvariantCulture, $"{counters.WindowsScored} windows scored in {counters.Batches} batches; ");
        text.Append(CultureInfo.InvariantCulture, $"alerts raised {counters.AlertsRaised}, cleared {counters.AlertsCleared}; ");
        var drops = counters.SamplesDroppedByReason.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key} {pair.Value}").ToList();
        text.Append(drops.Count == 0 ? "no samples dropped" : $"samples dropped: {string.Join(", ", drops)}");
        text.Append(CultureInfo.InvariantCulture, $"; {counters.SamplesBuffered} samples left in partial windows; gap resets {counters.GapResets}");
        text.Append(CultureInfo.InvariantCulture, $" -> {outputPath}");
        return text.ToString();
    }
}

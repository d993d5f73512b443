using System.Globalization;

using StreamClassifier.Core.Models;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// Holds a stream's preprocessing to its model card: sample rate, channel count, window length,
/// every filter parameter, normalisation (with fixed mean/std), and the declared layout and output.
/// A model that sees different preprocessing than in training gives confident nonsense, so any
/// difference stops the worker at start with all differences listed.
/// </summary>
public static class TopologyModelCheck
{
    /// <summary>Throws when <paramref name="stream"/> and <paramref name="card"/> disagree.</summary>
    /// <param name="stream">The stream rule from the topology.</param>
    /// <param name="card">The model card of the stream's model.</param>
    /// <param name="topologySource">Where the topology came from (named in the message).</param>
    /// <param name="cardSource">Where the card came from (named in the message).</param>
    /// <exception cref="TopologyException">Lists every difference, each naming both values and both sources.</exception>
    public static void Check(StreamSpec stream, ModelCard card, string topologySource, string cardSource)
    {
        var differences = FindDifferences(stream, card, topologySource, cardSource);
        if (differences.Count > 0)
        {
            var count = differences.Count == 1 ? "1 difference" : $"{differences.Count} differences";
            throw TopologyException.WithHeading(
                $"Stream '{stream.Name}' of topology '{topologySource}' does not match model card '{cardSource}' ({count}). "
                + "A model must see the preprocessing it was trained with: change the topology to match the card, or retrain the model with the topology's preprocessing.",
                differences);
        }
    }

    /// <summary>Every difference between <paramref name="stream"/> and <paramref name="card"/>; empty when they agree.</summary>
    public static IReadOnlyList<TopologyError> FindDifferences(StreamSpec stream, ModelCard card, string topologySource, string cardSource)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrWhiteSpace(topologySource);
        ArgumentException.ThrowIfNullOrWhiteSpace(cardSource);

        var differences = new List<TopologyError>();
        var path = stream.KeyPath;
        void Differ(string keyPath, string topologyValue, string cardValue) =>
            differences.Add(new TopologyError(topologySource, keyPath, null, null, $"topology '{topologySource}' has {topologyValue}, model card '{cardSource}' has {cardValue}"));

        if (card.SampleRateHz is double cardRate && !Same(cardRate, stream.SampleRateHz))
        {
            Differ($"{path}.sample_rate_hz", Number(stream.SampleRateHz), $"sample_rate_hz {Number(cardRate)}");
        }

        if (stream.Channels.Count != card.Channels)
        {
            Differ($"{path}.channels", $"{stream.Channels.Count} channel{(stream.Channels.Count == 1 ? string.Empty : "s")} [{string.Join(", ", stream.Channels)}]", $"channels {card.Channels}");
        }

        if (stream.Window.Size != card.WindowLength)
        {
            Differ($"{path}.window.size", stream.Window.Size.ToString(CultureInfo.InvariantCulture), $"window_length {card.WindowLength}");
        }

        CompareFilters(stream.Filters, card.Preprocessing.Filters, $"{path}.filters", Differ);
        CompareNormalization(stream.Normalize, card.Preprocessing, $"{path}.normalize", Differ);

        if (stream.Model is { InputLayout: InputLayout layout } && layout != card.InputLayout)
        {
            Differ($"{path}.model.input_layout", layout.ToString(), card.InputLayout.ToString());
        }

        if (stream.Model is { Output: OutputKind output } && output != card.Output)
        {
            Differ($"{path}.model.output", Name(output), Name(card.Output));
        }

        if (stream.Alert is { Threshold: null, ClearBelow: double clearBelow } && clearBelow > card.Threshold)
        {
            differences.Add(new TopologyError(topologySource, $"{path}.alert.clear_below", null, null,
                $"topology '{topologySource}' has {Number(clearBelow)}, above the calibrated threshold {Number(card.Threshold)} of model card '{cardSource}' that the stream uses (alert.threshold is not set); expected clear_below at most the threshold"));
        }

        return differences;
    }

    private static void CompareFilters(IReadOnlyList<FilterSpec> topologyFilters, IReadOnlyList<FilterSpec> cardFilters, string path, Action<string, string, string> differ)
    {
        if (topologyFilters.Count != cardFilters.Count)
        {
            differ(path, Describe(topologyFilters), Describe(cardFilters));
            return;
        }

        for (var index = 0; index < topologyFilters.Count; index++)
        {
            var ours = topologyFilters[index];
            var theirs = cardFilters[index];
            var filterPath = $"{path}[{index}]";
            if (ours.Kind != theirs.Kind)
            {
                differ($"{filterPath}.type", $"{Name(ours.Kind)} ({ours})", $"{Name(theirs.Kind)} ({theirs})");
                continue;
            }

            if (ours.Kind != FilterKind.Notch && ours.Order != theirs.Order)
            {
                differ($"{filterPath}.order", ours.Order.ToString(CultureInfo.InvariantCulture), theirs.Order.ToString(CultureInfo.InvariantCulture));
            }

            CompareParameter(ours.CutoffHz, theirs.CutoffHz, $"{filterPath}.cutoff_hz", differ);
            CompareParameter(ours.LowHz, theirs.LowHz, $"{filterPath}.low_hz", differ);
            CompareParameter(ours.HighHz, theirs.HighHz, $"{filterPath}.high_hz", differ);
            CompareParameter(ours.FreqHz, theirs.FreqHz, $"{filterPath}.freq_hz", differ);
            CompareParameter(ours.Q, theirs.Q, $"{filterPath}.q", differ);
        }
    }

    private static void CompareParameter(double? ours, double? theirs, string path, Action<string, string, string> differ)
    {
        if (ours is null && theirs is null)
        {
            return;
        }

        if (ours is null || theirs is null || !Same(ours.Value, theirs.Value))
        {
            differ(path, ours is double value ? Number(value) : "none", theirs is double cardValue ? Number(cardValue) : "none");
        }
    }

    private static void CompareNormalization(NormalizationSpec ours, PreprocessingCard card, string path, Action<string, string, string> differ)
    {
        if (ours.Kind != card.Normalize)
        {
            differ(path, Describe(ours.Kind, ours.Mean, ours.Std), Describe(card.Normalize, card.Mean, card.Std));
            return;
        }

        if (ours.Kind == NormalizationKind.Fixed)
        {
            CompareList(ours.Mean, card.Mean, $"{path}.mean", differ);
            CompareList(ours.Std, card.Std, $"{path}.std", differ);
        }
    }

    private static void CompareList(IReadOnlyList<double>? ours, IReadOnlyList<double>? theirs, string path, Action<string, string, string> differ)
    {
        if (ours is null || theirs is null || ours.Count != theirs.Count)
        {
            differ(path, List(ours), List(theirs));
            return;
        }

        for (var index = 0; index < ours.Count; index++)
        {
            if (!Same(ours[index], theirs[index]))
            {
                differ($"{path}[{index}]", Number(ours[index]), Number(theirs[index]));
            }
        }
    }

    // Both sides come from decimal text, so equal values parse to equal doubles; the tolerance only absorbs values a tool computed and printed at full precision.
    private static bool Same(double left, double right) =>
        left == right || Math.Abs(left - right) <= 1e-9 * Math.Max(Math.Abs(left), Math.Abs(right));

    private static string Describe(IReadOnlyList<FilterSpec> filters) =>
        filters.Count == 0 ? "no filters" : $"{filters.Count} filter{(filters.Count == 1 ? string.Empty : "s")} ({string.Join("; ", filters)})";

    private static string Describe(NormalizationKind kind, IReadOnlyList<double>? mean, IReadOnlyList<double>? std) =>
        kind == NormalizationKind.Fixed ? $"fixed (mean {List(mean)}, std {List(std)})" : Name(kind);

    private static string List(IReadOnlyList<double>? values) =>
        values is null ? "none" : "[" + string.Join(", ", values.Select(Number)) + "]";

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}

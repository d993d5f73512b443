using System.Globalization;

namespace StreamClassifier.Trainer.Data;

/// <summary>
/// How a dataset's two original labels map to classes 0 and 1. Labels that are all numbers are
/// sorted numerically (so UCR's <c>-1</c>/<c>1</c> and <c>1</c>/<c>2</c> both give the smaller label class 0);
/// otherwise they are sorted ordinally. The mapping is recorded in the model card.
/// </summary>
internal sealed class LabelMapping
{
    private readonly Dictionary<string, int> classByLabel;

    private LabelMapping(string negativeLabel, string positiveLabel)
    {
        NegativeLabel = negativeLabel;
        PositiveLabel = positiveLabel;
        classByLabel = new Dictionary<string, int>(StringComparer.Ordinal) { [negativeLabel] = 0, [positiveLabel] = 1 };
    }

    /// <summary>The original label of class 0.</summary>
    public string NegativeLabel { get; }

    /// <summary>The original label of class 1.</summary>
    public string PositiveLabel { get; }

    /// <summary>Original label → class, for the model card.</summary>
    public IReadOnlyDictionary<string, int> ClassByLabel => classByLabel;

    /// <summary>Builds the mapping from the distinct labels of a training file.</summary>
    /// <exception cref="DatasetFormatException">There are not exactly two distinct labels.</exception>
    public static LabelMapping FromLabels(IEnumerable<string> labels, string source)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = labels.Select(Canonical).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count != 2)
        {
            throw new DatasetFormatException($"{source}: a binary dataset needs exactly two distinct labels, found {distinct.Count} ({string.Join(", ", distinct.Take(10))}). Pick a two-class dataset or relabel it.");
        }

        var allNumeric = distinct.All(label => double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var sorted = allNumeric
            ? [.. distinct.OrderBy(label => double.Parse(label, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : distinct.OrderBy(label => label, StringComparer.Ordinal).ToList();
        return new LabelMapping(sorted[0], sorted[1]);
    }

    /// <summary>Creates a mapping with explicit labels.</summary>
    public static LabelMapping Explicit(string negativeLabel, string positiveLabel) => new(negativeLabel, positiveLabel);

    /// <summary>The class of <paramref name="label"/>, or null when it is neither of the two labels.</summary>
    public int? TryClassOf(string label) => classByLabel.TryGetValue(Canonical(label), out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"{NegativeLabel} → 0, {PositiveLabel} → 1";

    /// <summary>Numbers written as "1", "1.0" or "+1" are the same label; the text form is kept otherwise.</summary>
    private static string Canonical(string label)
    {
        var trimmed = label.Trim();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : trimmed;
    }
}

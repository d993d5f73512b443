using System.Globalization;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.MitBih;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>
/// Validation on held-out recordings: the training windows of some whole records (patients) validate, the rest train,
/// so a trial is judged on patients it has never seen, never on other minutes of its own training patients. The records'
/// TEST stretches and the TEST records are not used at all.
/// </summary>
internal static class RecordHoldout
{
    /// <summary>
    /// Splits the train and validation stretches of <paramref name="segments"/> by record: a seeded shuffle of the
    /// records that have positive windows and of those that have none, and round(fraction × n) of each (at least one when
    /// there are two or more) validate, so both parts keep examples of both classes where the data allows.
    /// </summary>
    /// <returns>Train and validation windows and a sentence describing the split.</returns>
    public static (LabelledWindows Train, LabelledWindows Validation, string Description) Split(IReadOnlyList<SegmentWindows> segments, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentException($"--validation-fraction must be above 0 and below 1 to hold out records, got {fraction.ToString(CultureInfo.InvariantCulture)}.");
        }

        var usable = segments.Where(segment => segment.Part != SplitPart.Test && segment.Windows.Count > 0).ToList();
        var records = usable.Select(segment => segment.Record).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (records.Count < 2)
        {
            throw new ArgumentException($"holding out records for validation needs at least two training records, but the dataset has {records.Count}; list more records in the MIT-BIH config.");
        }

        var random = new SeededRandom(seed);
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in records.GroupBy(record => usable.Any(segment => segment.Record == record && segment.Windows.PositiveCount > 0)).OrderBy(group => group.Key))
        {
            var members = group.ToList();
            random.Shuffle(members);
            var take = (int)Math.Round(members.Count * fraction, MidpointRounding.AwayFromZero);
            held.UnionWith(members.Take(Math.Clamp(take, members.Count >= 2 ? 1 : 0, members.Count - 1)));
        }

        if (held.Count == 0)
        {
            held.Add(records[random.NextInt(records.Count)]);
        }

        var train = Join(usable.Where(segment => !held.Contains(segment.Record)));
        var validation = Join(usable.Where(segment => held.Contains(segment.Record)));
        var description = string.Create(CultureInfo.InvariantCulture, $"validation = whole records {string.Join(", ", held.Order(StringComparer.Ordinal))} (seed {seed}; their training stretches), training = records {string.Join(", ", records.Where(record => !held.Contains(record)))}; TEST not used");
        return (train, validation, description);
    }

    private static LabelledWindows Join(IEnumerable<SegmentWindows> segments) => LabelledWindows.Concat([.. segments.Select(segment => segment.Windows)]);
}

namespace StreamClassifier.Trainer.Data;

/// <summary>Row indexes of a two-way split; both lists ascending.</summary>
/// <param name="Train">Rows that train the network.</param>
/// <param name="Validation">Rows held back for early stopping, checkpoint selection and threshold calibration.</param>
internal sealed record SplitIndexes(IReadOnlyList<int> Train, IReadOnlyList<int> Validation);

/// <summary>
/// Seeded stratified split of one labelled set (always the TRAIN file: validation never comes from TEST).
/// Each class contributes <c>round(n_c × fraction)</c> rows to validation, at least one when the class has
/// two or more rows, and always leaves at least one row for training. A fraction of 0 holds nothing back.
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>Splits <paramref name="labels"/> (0/1) into train and validation indexes.</summary>
    public static SplitIndexes Split(IReadOnlyList<int> labels, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be at least 0 (no validation) and below 1.");
        }

        if (validationFraction == 0)
        {
            // No validation: every row trains (closed-form models choose their regularisation by leave-one-out on TRAIN).
            return new SplitIndexes([.. Enumerable.Range(0, labels.Count)], []);
        }

        var random = new SeededRandom(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var label in labels.Distinct().Order())
        {
            var rows = Enumerable.Range(0, labels.Count).Where(row => labels[row] == label).ToList();
            random.Shuffle(rows);
            var take = (int)Math.Round(rows.Count * validationFraction, MidpointRounding.AwayFromZero);
            take = Math.Clamp(take, rows.Count >= 2 ? 1 : 0, rows.Count - 1);
            validation.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }

        train.Sort();
        validation.Sort();
        return new SplitIndexes(train, validation);
    }
}

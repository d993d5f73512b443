using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.MitBih;
using StreamClassifier.Trainer.Tuning;

namespace StreamClassifier.Trainer.Tests.Tuning;

public sealed class RecordHoldoutTests
{
    [Fact]
    public void Whole_records_validate_both_classes_are_kept_and_TEST_is_left_out()
    {
        // Records 1..8: the odd ones have positive windows; every record has a train, a validation and a TEST stretch.
        var segments = Enumerable.Range(1, 8).SelectMany(record => new[]
        {
            Segment(record, SplitPart.Train, positive: record % 2 == 1),
            Segment(record, SplitPart.Validation, positive: false),
            Segment(record, SplitPart.Test, positive: true),
        }).ToList();

        var (train, validation, description) = RecordHoldout.Split(segments, 0.25, seed: 4);

        var heldRecords = RecordsOf(validation);
        var trainRecords = RecordsOf(train);
        Assert.Equal(2, heldRecords.Count); // round(4 × 0.25) of the records with positives and of those without
        Assert.Empty(heldRecords.Intersect(trainRecords));
        Assert.Equal(8, heldRecords.Count + trainRecords.Count);
        Assert.Contains(heldRecords, record => record % 2 == 1);
        Assert.Contains(heldRecords, record => record % 2 == 0);
        Assert.Equal(2 * 8 * 3, train.Count + validation.Count); // two stretches of 3 windows per record; TEST left out
        Assert.Contains($"validation = whole records {string.Join(", ", heldRecords.Order())}", description, StringComparison.Ordinal);
        Assert.Equal(description, RecordHoldout.Split(segments, 0.25, seed: 4).Description);
        Assert.NotEqual(description, RecordHoldout.Split(segments, 0.25, seed: 5).Description);
    }

    [Fact]
    public void One_record_cannot_be_split_into_training_and_validation_patients()
    {
        var error = Assert.Throws<ArgumentException>(() => RecordHoldout.Split([Segment(1, SplitPart.Train, positive: true)], 0.25, seed: 1));

        Assert.StartsWith("holding out records for validation needs at least two training records, but the dataset has 1", error.Message, StringComparison.Ordinal);
    }

    // Each window's first value is its record number, so the test can tell where a window came from.
    private static SegmentWindows Segment(int record, SplitPart part, bool positive)
    {
        var values = new float[3 * 4];
        for (var window = 0; window < 3; window++)
        {
            values[window * 4] = record;
        }

        var labels = new[] { positive ? 1 : 0, 0, 0 };
        return new SegmentWindows(record.ToString(System.Globalization.CultureInfo.InvariantCulture), part, 0, 12, new LabelledWindows(values, labels, 1, 4), [0, 4, 8], 0);
    }

    private static HashSet<int> RecordsOf(LabelledWindows windows) => [.. Enumerable.Range(0, windows.Count).Select(index => (int)windows.Window(index)[0])];
}

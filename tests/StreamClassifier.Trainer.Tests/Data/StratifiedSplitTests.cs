using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Tests.Data;

public sealed class StratifiedSplitTests
{
    [Fact]
    public void Validation_keeps_the_class_ratio_and_partitions_the_rows()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 30 ? 1 : 0).ToArray();

        var split = StratifiedSplit.Split(labels, 0.2, seed: 42);

        Assert.Equal(20, split.Validation.Count);
        Assert.Equal(6, split.Validation.Count(row => labels[row] == 1));
        Assert.Equal(Enumerable.Range(0, 100), split.Train.Concat(split.Validation).Order());
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(split.Validation.Order(), split.Validation);
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        var labels = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 1 : 0).ToArray();

        var first = StratifiedSplit.Split(labels, 0.25, seed: 1);
        var again = StratifiedSplit.Split(labels, 0.25, seed: 1);
        var other = StratifiedSplit.Split(labels, 0.25, seed: 2);

        Assert.Equal(first.Validation, again.Validation);
        Assert.NotEqual(first.Validation, other.Validation);
    }

    [Fact]
    public void A_fraction_of_zero_keeps_every_row_for_training_and_one_is_refused()
    {
        int[] labels = [0, 1, 0, 1, 1];

        var split = StratifiedSplit.Split(labels, 0, seed: 3);

        Assert.Equal([0, 1, 2, 3, 4], split.Train);
        Assert.Empty(split.Validation);
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Split(labels, 1, seed: 3));
    }

    [Fact]
    public void Tiny_classes_keep_one_row_on_each_side()
    {
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];

        var split = StratifiedSplit.Split(labels, 0.1, seed: 3);

        Assert.Equal(1, split.Validation.Count(row => labels[row] == 1));
        Assert.Equal(1, split.Train.Count(row => labels[row] == 1));
    }

    [SkippableFact]
    public void Prepared_ucr_data_takes_validation_from_train_only_and_leaves_test_untouched()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var prepared = DatasetCatalog.Prepare(DatasetSource.Parse("ucr:GunPoint"), new DatasetOptions(SharedPaths.Datasets(), ValidationFraction: 0.2, Seed: 5));
        var raw = UcrArchive.Load(SharedPaths.Datasets("ucr"), "GunPoint");

        Assert.Equal(raw.Train.Count, prepared.Train.Count + prepared.Validation.Count);
        Assert.Equal(10, prepared.Validation.Count);
        Assert.Equal(raw.Test!.Values, prepared.Test!.Values);
        Assert.Equal(raw.Test.Labels, prepared.Test.Labels);

        // Every validation window is a TRAIN row, none is a TEST row.
        var trainRows = Enumerable.Range(0, raw.Train.Count).Select(i => raw.Train.Window(i).ToArray()).ToList();
        var testRows = Enumerable.Range(0, raw.Test.Count).Select(i => raw.Test.Window(i).ToArray()).ToList();
        for (var i = 0; i < prepared.Validation.Count; i++)
        {
            var window = prepared.Validation.Window(i).ToArray();
            Assert.Contains(trainRows, row => row.SequenceEqual(window));
            Assert.DoesNotContain(testRows, row => row.SequenceEqual(window));
        }

        Assert.Contains("GunPoint_TRAIN.tsv", prepared.DataDescription, StringComparison.Ordinal);
        Assert.Contains("stratified", prepared.SplitDescription, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["1"] = 0, ["2"] = 1 }, prepared.LabelMapping);
    }
}

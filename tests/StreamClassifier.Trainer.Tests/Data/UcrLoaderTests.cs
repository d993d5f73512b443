using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;

namespace StreamClassifier.Trainer.Tests.Data;

public sealed class UcrLoaderTests
{
    private static string UcrRoot => SharedPaths.Datasets("ucr");

    [SkippableFact]
    public void Ecg200_maps_minus_one_to_0_and_one_to_1_with_the_readme_shapes_and_counts()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var dataset = UcrArchive.Load(UcrRoot, "ECG200");

        Assert.Equal("-1", dataset.Mapping.NegativeLabel);
        Assert.Equal("1", dataset.Mapping.PositiveLabel);
        Assert.Equal(new Dictionary<string, int> { ["-1"] = 0, ["1"] = 1 }, dataset.Mapping.ClassByLabel);
        Assert.Equal((100, 1, 96), (dataset.Train.Count, dataset.Train.Channels, dataset.Train.Length));
        Assert.Equal(69, dataset.Train.PositiveCount);
        Assert.NotNull(dataset.Test);
        Assert.Equal((100, 96), (dataset.Test.Count, dataset.Test.Length));
        Assert.Equal(64, dataset.Test.PositiveCount);
    }

    [SkippableFact]
    public void GunPoint_maps_1_and_2_to_0_and_1_and_keeps_the_series_as_given()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var dataset = UcrArchive.Load(UcrRoot, "GunPoint");

        Assert.Equal("1 → 0, 2 → 1", dataset.Mapping.ToString());
        Assert.Equal((50, 150), (dataset.Train.Count, dataset.Train.Length));
        Assert.Equal(26, dataset.Train.PositiveCount);
        Assert.Equal((150, 74), (dataset.Test!.Count, dataset.Test.PositiveCount));

        // First TRAIN row of GunPoint_TRAIN.tsv: label 2, first values as written in the file.
        var firstLine = File.ReadLines(Path.Combine(UcrRoot, "GunPoint", "GunPoint_TRAIN.tsv")).First().Split('\t');
        Assert.Equal(1, dataset.Train.Labels[0]);
        Assert.Equal(2, int.Parse(firstLine[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(float.Parse(firstLine[1], System.Globalization.CultureInfo.InvariantCulture), dataset.Train.Window(0)[0]);
        Assert.Equal(float.Parse(firstLine[150], System.Globalization.CultureInfo.InvariantCulture), dataset.Train.Window(0)[149]);
    }

    [SkippableFact]
    public void The_archive_here_has_34_binary_datasets_with_a_test_split()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var names = UcrArchive.DatasetsWithTestSplit(UcrRoot);

        Assert.Equal(34, names.Count);
        Assert.Contains("GunPoint", names);
        Assert.DoesNotContain("Wafer", names);
        Assert.DoesNotContain("Yoga", names);
    }

    [Fact]
    public void Unknown_dataset_and_malformed_rows_are_reported_with_file_and_line()
    {
        var scratch = Directory.CreateTempSubdirectory("ucr-tests-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(scratch, "GunPoint"));
            File.WriteAllText(Path.Combine(scratch, "GunPoint", "GunPoint_TRAIN.tsv"), "1\t0.1\t0.2\n2\t0.3\t0.4\n");
            File.WriteAllText(Path.Combine(scratch, "GunPoint", "GunPoint_TEST.tsv"), "1\t0.1\t0.2\n2\t0.3\t0.4\n");
            var unknown = Assert.Throws<DatasetFormatException>(() => UcrArchive.Load(scratch, "gunpoint"));
            Assert.Contains("gunpoint_TRAIN.tsv", unknown.Message, StringComparison.Ordinal);
            Assert.Contains("GunPoint", unknown.Message, StringComparison.Ordinal);

            var ragged = Path.Combine(scratch, "ragged.tsv");
            File.WriteAllText(ragged, "1\t0.1\t0.2\n2\t0.3\n");
            var raggedError = Assert.Throws<DatasetFormatException>(() => UcrTsvReader.Read(ragged));
            Assert.Contains($"{ragged}:2", raggedError.Message, StringComparison.Ordinal);
            Assert.Contains("1 values but the ones before it have 2", raggedError.Message, StringComparison.Ordinal);

            var notANumber = Path.Combine(scratch, "nan.tsv");
            File.WriteAllText(notANumber, "1\t0.1\t0.2\n2\t0.3\tNaN\n");
            var nanError = Assert.Throws<DatasetFormatException>(() => UcrTsvReader.Read(notANumber));
            Assert.Contains($"{notANumber}:2: column 2 holds 'NaN'", nanError.Message, StringComparison.Ordinal);

            var threeClasses = Path.Combine(scratch, "three.tsv");
            File.WriteAllText(threeClasses, "1\t0.1\n2\t0.3\n3\t0.5\n");
            var classError = Assert.Throws<DatasetFormatException>(() => UcrTsvReader.Read(threeClasses));
            Assert.Contains("exactly two distinct labels, found 3", classError.Message, StringComparison.Ordinal);

            var foreignLabel = Path.Combine(scratch, "foreign.tsv");
            File.WriteAllText(foreignLabel, "1\t0.1\n5\t0.3\n");
            var labelError = Assert.Throws<DatasetFormatException>(() => UcrTsvReader.Read(foreignLabel, LabelMapping.Explicit("1", "2")));
            Assert.Contains("row 2 has label '5'", labelError.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}

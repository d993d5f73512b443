using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Reporting;

namespace StreamClassifier.Trainer.Tests.Reporting;

public sealed class PublishedBaselinesTests
{
    private static readonly Lazy<PublishedBaselines> Baselines = new(() => PublishedBaselines.Load(PublishedBaselines.BundledPath));

    [Fact]
    public void Single_published_rows_are_taken_as_they_are()
    {
        var fcn = Baselines.Value.Get("BeetleFly", "FCN")!;

        Assert.Equal(0.86, fcn.Accuracy);
        Assert.False(fcn.AveragedHere);
        Assert.Contains("10 runs", fcn.Basis, StringComparison.Ordinal);
        Assert.Equal(0.9, Baselines.Value.Get("BeetleFly", "ROCKET")!.Accuracy);
    }

    [Fact]
    public void Single_run_rows_of_2018_only_datasets_are_averaged_and_flagged()
    {
        var resnet = Baselines.Value.Get("Chinatown", "ResNet")!;

        Assert.Equal(((2 * 0.97667638483965) + (3 * 0.979591836734694)) / 5, resnet.Accuracy, 12);
        Assert.Equal(5, resnet.Rows);
        Assert.True(resnet.AveragedHere);
        Assert.Contains("single runs averaged here", resnet.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void InceptionTime_prefers_the_2015_file_and_keeps_the_2018_one()
    {
        Assert.Equal(0.85, Baselines.Value.Get("BeetleFly", "InceptionTime")!.Accuracy);
        Assert.Equal(0.8, Baselines.Value.InceptionTime2018("BeetleFly")!.Accuracy);

        // 2018-only dataset: only the 2018 file has it.
        Assert.Equal(0.855072463768116, Baselines.Value.Get("DodgerLoopGame", "InceptionTime")!.Accuracy, 12);
    }

    [SkippableFact]
    public void Means_over_the_34_binary_datasets_match_the_issue_targets()
    {
        DataRequirement.Require(DataRequirement.Ucr);
        var universe = UcrArchive.DatasetsWithTestSplit(SharedPaths.Datasets("ucr"));

        Assert.Equal(0.8751140598555456, UcrResultsWriter.MeanOf(Baselines.Value, "FCN", universe), 12);
        Assert.Equal(0.8828315740674018, UcrResultsWriter.MeanOf(Baselines.Value, "ResNet", universe), 12);
        Assert.Equal(0.9005045948701909, UcrResultsWriter.MeanOf(Baselines.Value, "InceptionTime", universe), 12);
        Assert.Equal(0.901662649117647, UcrResultsWriter.MeanOf(Baselines.Value, "ROCKET", universe), 12);
    }

    [Fact]
    public void A_malformed_row_is_reported_with_file_and_line()
    {
        using var scratch = new ScratchDirectory("baselines-");
        var path = scratch.File("bad.csv");
        File.WriteAllText(path, "dataset,method,accuracy,source\nGunPoint,FCN,1.0,\"a, quoted source\"\nGunPoint,ResNet,99.1,x\n");

        var error = Assert.Throws<DatasetFormatException>(() => PublishedBaselines.Load(path));

        Assert.Contains($"{path}:3", error.Message, StringComparison.Ordinal);
    }
}

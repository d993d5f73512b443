using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.MitBih;

namespace StreamClassifier.Trainer.Tests.Data;

public sealed class MitBihWindowsTests
{
    private static readonly Lazy<WfdbRecord> Record106 = new(() => WfdbRecord.Read(Path.Combine(DataRequirement.Require(DataRequirement.MitBih), "106")));
    private static readonly Lazy<IReadOnlyList<BeatAnnotation>> Annotations106 = new(() => WfdbAnnotations.Read(Path.Combine(DataRequirement.Require(DataRequirement.MitBih), "106.atr")));

    [SkippableFact]
    public void A_ten_second_slice_gives_33_windows_filtered_windowed_and_z_scored_like_the_worker()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var config = MitBihConfig.VentricularDemo with { Channels = [0, 1], Label = MitBihConfig.VentricularDemo.Label with { DropAmbiguous = false } };

        var segment = MitBihWindows.FromSegment(Record106.Value, Annotations106.Value, config, SplitPart.Train, 3600, 7200);

        // (3600 - 720) / 90 + 1 windows, each 2 channels × 720 samples, starting every 90 samples.
        Assert.Equal(33, segment.Windows.Count);
        Assert.Equal((2, 720), (segment.Windows.Channels, segment.Windows.Length));
        Assert.Equal(Enumerable.Range(0, 33).Select(i => 3600L + (90 * i)), segment.WindowStarts);

        // Reference: filter the slice in one go with a fresh chain, cut window 5, z-score each channel (population std).
        var rows = Record106.Value.Rows(3600, 3600).ToArray();
        FilterChain.Create(config.Filters, 360).CreateState(2).Process(rows);
        var window = segment.Windows.Window(5);
        for (var channel = 0; channel < 2; channel++)
        {
            var raw = Enumerable.Range(0, 720).Select(t => rows[((450 + t) * 2) + channel]).ToArray();
            var mean = raw.Average();
            var std = Math.Sqrt(raw.Select(value => (value - mean) * (value - mean)).Average());
            for (var t = 0; t < 720; t += 37)
            {
                Assert.Equal((raw[t] - mean) / std, window[(channel * 720) + t], 4);
            }
        }
    }

    [SkippableFact]
    public void Labels_follow_the_rule_ventricular_beat_at_least_150_ms_from_both_edges()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var keepAmbiguous = MitBihConfig.VentricularDemo with { Label = MitBihConfig.VentricularDemo.Label with { DropAmbiguous = false } };
        var dropAmbiguous = MitBihConfig.VentricularDemo;
        const int Start = 0;
        const int End = 180000; // the first 500 s of 106

        var all = MitBihWindows.FromSegment(Record106.Value, Annotations106.Value, keepAmbiguous, SplitPart.Train, Start, End);
        var dropped = MitBihWindows.FromSegment(Record106.Value, Annotations106.Value, dropAmbiguous, SplitPart.Train, Start, End);

        var pvcs = Annotations106.Value.Where(annotation => annotation.Symbol == 'V').Select(annotation => annotation.SampleIndex).ToArray();
        var expectedPositive = 0;
        var expectedAmbiguous = 0;
        for (var i = 0; i < all.Windows.Count; i++)
        {
            var start = all.WindowStarts[i];
            var inside = pvcs.Any(sample => sample >= start + 54 && sample < start + 720 - 54);
            var near = pvcs.Any(sample => sample >= start && sample < start + 720);
            Assert.Equal(inside ? 1 : 0, all.Windows.Labels[i]);
            expectedPositive += inside ? 1 : 0;
            expectedAmbiguous += near && !inside ? 1 : 0;
        }

        Assert.True(expectedPositive > 10, "106 has PVCs in its first 500 s");
        Assert.True(expectedAmbiguous > 0);
        Assert.Equal(0, all.AmbiguousDropped);
        Assert.Equal(expectedAmbiguous, dropped.AmbiguousDropped);
        Assert.Equal(all.Windows.Count - expectedAmbiguous, dropped.Windows.Count);
        Assert.Equal(expectedPositive, dropped.Windows.PositiveCount);
    }

    [SkippableFact]
    public void Split_by_time_keeps_validation_after_train_and_test_last_with_no_window_crossing_a_boundary()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var config = MitBihConfig.VentricularDemo with { Records = ["106"], TestRecords = ["208"] };

        var dataset = MitBihWindows.Build(config, SharedPaths.Datasets("mitbih"));

        var segments = dataset.Segments.Where(segment => segment.Record == "106").ToList();
        Assert.Equal([SplitPart.Train, SplitPart.Validation, SplitPart.Test], segments.Select(segment => segment.Part));
        Assert.Equal([(0, 390000), (390000, 455000), (455000, 650000)], segments.Select(segment => (segment.StartSample, segment.EndSample)));
        foreach (var segment in dataset.Segments)
        {
            Assert.All(segment.WindowStarts, start => Assert.InRange(start, segment.StartSample, segment.EndSample - 720));
        }

        var whole208 = Assert.Single(dataset.Segments, segment => segment.Record == "208");
        Assert.Equal((SplitPart.Test, 0, 650000), (whole208.Part, whole208.StartSample, whole208.EndSample));

        Assert.Equal(segments[0].Windows.Count, dataset.Train.Count);
        Assert.Equal(segments[1].Windows.Count, dataset.Validation.Count);
        Assert.Equal(segments[2].Windows.Count + whole208.Windows.Count, dataset.Test.Count);
        Assert.True(dataset.Train.PositiveCount > 0 && dataset.Validation.PositiveCount > 0 && dataset.Test.PositiveCount > 0);
        Assert.Contains("samples 455000..649999, from 21:03.8", dataset.SplitDescription, StringComparison.Ordinal);
        Assert.Contains("first 60% train, next 10% validation, last 30% held-out TEST", dataset.SplitDescription, StringComparison.Ordinal);
        Assert.Contains("records 208 held out whole as TEST", dataset.SplitDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_config_file_is_the_demo_configuration()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Configs", "mitbih-ventricular.json");

        var loaded = MitBihConfig.Load(path);

        Assert.Equal(MitBihConfig.VentricularDemo.ToJson(), loaded.ToJson());
        Assert.Equal([FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)], loaded.Filters);
        Assert.Equal(new WindowSpec(720, 90), loaded.Window);
    }

    [Fact]
    public void Config_and_record_errors_name_the_file_and_the_key()
    {
        var scratch = Directory.CreateTempSubdirectory("mitbih-config-").FullName;
        try
        {
            var unknownKey = Path.Combine(scratch, "unknown.json");
            File.WriteAllText(unknownKey, """{ "records": ["106"], "windw": { "size": 10, "hop": 5 } }""");
            var unknownError = Assert.Throws<DatasetFormatException>(() => MitBihConfig.Load(unknownKey));
            Assert.Contains(unknownKey, unknownError.Message, StringComparison.Ordinal);
            Assert.Contains("windw", unknownError.Message, StringComparison.Ordinal);

            var badSplit = Path.Combine(scratch, "split.json");
            File.WriteAllText(badSplit, """{ "records": ["106"], "split": { "train_fraction": 0.8, "validation_fraction": 0.3 } }""");
            var splitError = Assert.Throws<DatasetFormatException>(() => MitBihConfig.Load(badSplit));
            Assert.Contains("split: train_fraction and validation_fraction", splitError.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        // The committed excerpts: 119 comes without its .atr, 102's first lead is V5.
        var excerpts = SharedPaths.Fixtures("mitbih-excerpts");
        var noAnnotations = Assert.Throws<DatasetFormatException>(() => MitBihWindows.Build(MitBihConfig.VentricularDemo with { Records = ["119"] }, excerpts));
        Assert.Contains("119.atr", noAnnotations.Message, StringComparison.Ordinal);

        var wrongLead = Assert.Throws<DatasetFormatException>(() => MitBihWindows.Build(MitBihConfig.VentricularDemo with { Records = ["102"] }, excerpts));
        Assert.Contains("lead V5, but the config requires MLII", wrongLead.Message, StringComparison.Ordinal);
    }
}

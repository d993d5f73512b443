using StreamClassifier.Core.Models;
using StreamClassifier.Testing;
using StreamClassifier.Worker.Commands;
using StreamClassifier.Worker.Demo;

namespace StreamClassifier.Worker.Tests.Demo;

public sealed class DemoPartsTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("demo-parts-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var latencies = LatencySummary.Of([.. Enumerable.Range(1, 100).Select(value => (double)(101 - value))]);

        Assert.Equal(new LatencySummary(100, 50, 95, 99, 100), latencies);
        Assert.Equal(new LatencySummary(1, 7, 7, 7, 7), LatencySummary.Of([7.0]));
        Assert.Equal(new LatencySummary(0, null, null, null, null), LatencySummary.Of([]));
    }

    [Theory]
    [InlineData("90", 90_000)]
    [InlineData("60s", 60_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    public void Durations_take_seconds_or_units(string text, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), DurationText.Parse(text, "--duration"));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("fast")]
    [InlineData("5x")]
    [InlineData("-5s")]
    public void A_bad_duration_names_the_option_and_the_accepted_forms(string text)
    {
        var error = Assert.Throws<FormatException>(() => DurationText.Parse(text, "--max-signal"));
        Assert.Contains($"--max-signal is \"{text}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("60s, 2m, 1m30s", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_committed_demo_data_regenerates_byte_for_byte_from_the_mitbih_database()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var card = ModelCard.Parse(File.ReadAllText(SharedPaths.Repo(DemoData.DefaultCard)), DemoData.DefaultCard);
        var written = DemoData.Extract(SharedPaths.Datasets("mitbih"), scratch, card);

        var committed = SharedPaths.Repo("samples", "mitbih-heldout");
        Assert.Equal(DemoData.Records.Count * 3, written.Count);
        Assert.Equal(
            written.Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(committed).Where(path => Path.GetExtension(path) is ".hea" or ".dat" or ".atr").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in written)
        {
            Assert.True(
                File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(committed, Path.GetFileName(file)))),
                $"{Path.GetFileName(file)} differs from samples/mitbih-heldout; regenerate with: streamclassifier demo extract --mitbih ../shared/datasets/mitbih");
        }

        // Every replayed record is a patient the model was only tested on.
        Assert.Subset(card.Training!.TestRecords!.ToHashSet(), DemoData.Records.ToHashSet());
    }

    [Fact]
    public void A_folder_without_records_or_a_bad_option_fails_with_a_message_and_exit_code_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var options = new DemoOptions { TopologyPath = SharedPaths.Repo("topologies", "ecg-demo.yaml"), DataDirectory = scratch };

        var code = DemoCommand.Run(() => options, new PlainDemoView(output), null, output, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains($"No annotated WFDB records (.hea with .atr) in {scratch}", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("pass --data", error.ToString(), StringComparison.Ordinal);

        using var durationError = new StringWriter();
        code = DemoCommand.Run(() => options with { Duration = DurationText.Parse("soon", "--duration") }, new PlainDemoView(output), null, output, durationError, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--duration is \"soon\"", durationError.ToString(), StringComparison.Ordinal);

        using var speedError = new StringWriter();
        code = DemoCommand.Run(() => options with { Speed = -1, DataDirectory = SharedPaths.Repo("samples", "mitbih-heldout") }, new PlainDemoView(output), null, output, speedError, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--speed is -1", speedError.ToString(), StringComparison.Ordinal);

        using var missingRecord = new StringWriter();
        code = DemoCommand.Run(() => options with { Records = ["119"], DataDirectory = SharedPaths.Repo("samples", "mitbih-heldout") }, new PlainDemoView(output), null, output, missingRecord, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("119.hea: the WFDB header file does not exist", missingRecord.ToString(), StringComparison.Ordinal);

        // A record whose first lead is not MLII (102 starts with V5) would be scored on the wrong lead.
        File.Copy(SharedPaths.Fixtures("mitbih-excerpts", "102.hea"), Path.Combine(scratch, "102.hea"));
        File.Copy(SharedPaths.Fixtures("mitbih-excerpts", "102.dat"), Path.Combine(scratch, "102.dat"));
        File.Copy(SharedPaths.Fixtures("mitbih-excerpts", "102.atr"), Path.Combine(scratch, "102.atr"));
        using var wrongLead = new StringWriter();
        code = DemoCommand.Run(() => options, new PlainDemoView(output), null, output, wrongLead, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("record 102's first signal is V5, but the demo replays channel 0 as lead MLII", wrongLead.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
    }
}

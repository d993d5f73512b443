using System.Text.Json;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Reporting;

namespace StreamClassifier.Trainer.Tests.Reporting;

public sealed class UcrResultsWriterTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("ucr-results-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Writes_the_markdown_table_and_the_json_beside_it()
    {
        var baselines = PublishedBaselines.Load(PublishedBaselines.BundledPath);
        var report = new BenchmarkReport
        {
            Settings = "fcn, width 1, ensemble 1",
            Results =
            [
                new DatasetResult("GunPoint", 0.98, 0.995, 12.3, 40, 0.5),
                new DatasetResult("Chinatown", 0.95, double.NaN, 3.2, 30, 0.5, "epochs cut to 30 by the time budget"),
            ],
            NotRun = [("Computers", "the time budget was used up")],
            TotalSeconds = 15.5,
            FinishedAt = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero),
        };
        var markdownPath = Path.Combine(scratch, "docs", "ucr-results.md");

        UcrResultsWriter.Write(markdownPath, report, baselines, ["GunPoint", "Chinatown", "Computers"]);

        var markdown = File.ReadAllText(markdownPath);
        Assert.Contains("| Dataset | Ours | FCN | ResNet | InceptionTime | ROCKET |", markdown, StringComparison.Ordinal);
        Assert.Contains("| GunPoint | 98.0 | 100.0 | 99.1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Chinatown | 95.0 | 98.0† | 97.8† |", markdown, StringComparison.Ordinal);
        Assert.Contains("**Mean (2 datasets run)** | **96.5** |", markdown, StringComparison.Ordinal);
        Assert.Contains("Computers was not run: the time budget was used up.", markdown, StringComparison.Ordinal);
        Assert.Contains("Chinatown: epochs cut to 30 by the time budget", markdown, StringComparison.Ordinal);
        Assert.Contains("Only 2 of the 3 datasets were run", markdown, StringComparison.Ordinal);
        Assert.Contains("The time budget capped the epochs of 1 of 2 datasets", markdown, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch, "docs", "ucr-results.json")));
        var root = json.RootElement;
        Assert.Equal(0.965, root.GetProperty("mean_accuracy").GetDouble(), 12);
        var gunPoint = root.GetProperty("datasets").GetProperty("GunPoint");
        Assert.Equal(0.98, gunPoint.GetProperty("accuracy").GetDouble());
        Assert.Equal(0.995, gunPoint.GetProperty("auc").GetDouble());
        Assert.Equal(12.3, gunPoint.GetProperty("seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("datasets").GetProperty("Chinatown").GetProperty("auc").ValueKind);
        Assert.Equal("the time budget was used up", root.GetProperty("not_run").GetProperty("Computers").GetString());
    }
}

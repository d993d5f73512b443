using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamClassifier.Worker.Soak;

/// <summary>Writes a soak run's report: <c>soak-report.md</c>, <c>soak-report.json</c> (summary, checks and every sample) and the plots.</summary>
internal static class SoakReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes the report files into the run's output directory; returns the Markdown path.</summary>
    public static string Write(SoakResult result, string command)
    {
        ArgumentNullException.ThrowIfNull(result);
        var folder = result.Options.OutputDirectory;
        var prefix = result.Options.Profile == SoakProfile.Steady ? "soak" : "overload";
        var plots = SoakPlots.Save(result, folder, prefix);
        var markdown = Path.Combine(folder, $"{prefix}-report.md");
        File.WriteAllText(markdown, Markdown(result, command, plots));
        File.WriteAllText(Path.Combine(folder, $"{prefix}-report.json"), JsonSerializer.Serialize(Summary(result, command), Json));
        return markdown;
    }

    /// <summary>The Markdown report.</summary>
    public static string Markdown(SoakResult result, string command, IReadOnlyList<string> plots)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(plots);
        var options = result.Options;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"# {(options.Profile == SoakProfile.Steady ? "Soak" : "Overload")} run: {(result.Passed ? "PASSED" : "FAILED")}");
        text.AppendLine();
        text.AppendLine(inv, $"`{command}`");
        text.AppendLine();
        text.AppendLine(inv, $"- started {result.StartedAt:yyyy-MM-dd HH:mm} UTC, wall time {result.WallSeconds / 60:0.0} min; topology `{result.TopologyName}`, model `{result.Model}`");
        text.AppendLine(inv, $"- {options.Sensors} sensors, {options.SamplesPerRecord} samples per record at {result.SampleRateHz:0} Hz, {options.Partitions} partitions; worker in a child process, broker and producer in the soak process");
        text.AppendLine(inv, $"- capacity {result.CapacityRecordsPerSecond:0} records/s ({(result.CapacityMeasured ? $"measured on a {options.CalibrationRecords:N0}-record backlog" : "given")}); steady load {options.Fraction:P0} = {options.Fraction * result.CapacityRecordsPerSecond:0} records/s{(options.Profile == SoakProfile.Overload ? $", overload {options.OverloadFactor:0.#}× = {options.OverloadFactor * result.CapacityRecordsPerSecond:0} records/s for {options.OverloadDuration.TotalMinutes:0.#} min" : string.Empty)}");
        text.AppendLine(inv, $"- a sample every {options.SampleInterval.TotalSeconds:0} s ({result.Samples.Count} samples); trends fitted after the first {options.Bounds.WarmUpFraction:P0} of the steady phase");
        text.AppendLine();
        text.AppendLine("| check | verdict | measured | bound |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var check in result.Checks)
        {
            text.AppendLine(inv, $"| {check.Name} | {(check.Passed ? "pass" : "**FAIL**")} | {check.Measured} | {check.Bound} |");
        }

        text.AppendLine();
        foreach (var phase in result.Samples.GroupBy(sample => sample.Phase))
        {
            var list = phase.ToList();
            text.AppendLine(inv, $"- {phase.Key.ToString().ToLowerInvariant()}: {(list[^1].Seconds - list[0].Seconds) / 60:0.0} min; RSS {Range(list, s => s.RssMiB)} MiB, heap {Range(list, s => s.ManagedHeapMiB)} MiB, threads {Range(list, s => s.Threads)}, fds {Range(list, s => s.OpenFiles)}, lag {Range(list, s => s.LagRecords)} records, in flight {Range(list, s => s.InFlight)}");
        }

        text.AppendLine();
        foreach (var plot in plots)
        {
            text.AppendLine(inv, $"![{plot}]({plot})");
        }

        return text.ToString();
    }

    private static string Range(IReadOnlyList<SoakSample> samples, Func<SoakSample, double?> value)
    {
        var values = samples.Select(value).OfType<double>().ToList();
        return values.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{values.Min():0.#}–{values.Max():0.#}");
    }

    private static object Summary(SoakResult result, string command) => new
    {
        Command = command,
        Passed = result.Passed,
        Profile = result.Options.Profile,
        result.StartedAt,
        result.WallSeconds,
        result.TopologyName,
        result.Model,
        result.Options.Sensors,
        result.Options.Partitions,
        result.Options.Fraction,
        DurationMinutes = result.Options.Duration.TotalMinutes,
        result.CapacityRecordsPerSecond,
        result.CapacityMeasured,
        result.MaxInFlightRecords,
        result.Options.Bounds,
        result.Accounting,
        result.Checks,
        result.Samples,
    };
}

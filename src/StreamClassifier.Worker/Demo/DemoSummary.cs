using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.Demo;

/// <summary>One record's part of the summary.</summary>
/// <param name="SensorId">Sensor id.</param>
/// <param name="SamplesProcessed">Samples whose records were completed.</param>
/// <param name="WindowsScored">Windows scored.</param>
/// <param name="AlertsCleared">Alerts cleared.</param>
/// <param name="Detection">Episodes and alerts of this record.</param>
internal sealed record SensorSummary(string SensorId, long SamplesProcessed, long WindowsScored, int AlertsCleared, DetectionResult Detection)
{
    /// <summary>Beat-level V detection of this record.</summary>
    public BeatFigures Beats { get; init; } = BeatFigures.Empty;
}

/// <summary>What a demo run did and how well its alerts matched the records' annotations.</summary>
internal sealed record DemoSummary
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Why it ended.</summary>
    public required DemoStop StoppedBy { get; init; }

    /// <summary>The fatal error when <see cref="StoppedBy"/> is <see cref="DemoStop.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Replay speed (multiple of real time; 0 = as fast as possible).</summary>
    public required double Speed { get; init; }

    /// <summary>Wall time of the whole run, seconds (broker start to worker closed).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Per record, by sensor id.</summary>
    public required IReadOnlyList<SensorSummary> Sensors { get; init; }

    /// <summary>Kafka records published by the replay (acknowledged by the broker).</summary>
    public required long RecordsPublished { get; init; }

    /// <summary>Kafka records the worker consumed.</summary>
    public required long RecordsConsumed { get; init; }

    /// <summary>Records sent to the dead-letter topic.</summary>
    public required long DeadLettered { get; init; }

    /// <summary>Samples processed, all sensors.</summary>
    public long SamplesProcessed => Sensors.Sum(sensor => sensor.SamplesProcessed);

    /// <summary>Windows scored, all sensors.</summary>
    public long WindowsScored => Sensors.Sum(sensor => sensor.WindowsScored);

    /// <summary>Alerts raised, all sensors.</summary>
    public int AlertsRaised => Detection.AlertsRaised;

    /// <summary>Alerts cleared, all sensors.</summary>
    public int AlertsCleared => Sensors.Sum(sensor => sensor.AlertsCleared);

    /// <summary>Alerts the broker acknowledged on the alerts topic.</summary>
    public required long AlertsAcknowledged { get; init; }

    /// <summary>Detection quality, all sensors.</summary>
    public DetectionResult Detection => Sensors.Aggregate(DetectionResult.Empty, (total, sensor) => total + sensor.Detection);

    /// <summary>Beat-level V detection, all sensors.</summary>
    public BeatFigures Beats => Sensors.Aggregate(BeatFigures.Empty, (total, sensor) => total + sensor.Beats);

    /// <summary>V beats at most this far apart form one episode.</summary>
    public required double EpisodeGapSeconds { get; init; }

    /// <summary>Widening of each episode when matching alerts.</summary>
    public required double ToleranceSeconds { get; init; }

    /// <summary>Wall time from the first record received to the last record completed, seconds.</summary>
    public required double ProcessingSeconds { get; init; }

    /// <summary>Records consumed per second of processing time.</summary>
    public double RecordsPerSecond => Rate(RecordsConsumed);

    /// <summary>Samples processed per second of processing time.</summary>
    public double SamplesPerSecond => Rate(SamplesProcessed);

    /// <summary>Windows scored per second of processing time.</summary>
    public double WindowsPerSecond => Rate(WindowsScored);

    /// <summary>Worker received the record completing a window → window scored.</summary>
    public required LatencySummary WindowLatency { get; init; }

    /// <summary>Worker received the record completing an alert's window → the broker acknowledged the alert.</summary>
    public required LatencySummary AlertLatency { get; init; }

    /// <summary>The summary as indented JSON (snake_case names).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The summary as the demo prints it.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var detection = Detection;
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"  {label,-12} {value}\n");
        text.Append(CultureInfo.InvariantCulture, $"demo summary: {Describe(StoppedBy)}{(Error is null ? string.Empty : ": " + Error)}; wall {WallSeconds:0.0} s at {(Speed > 0 ? $"{Speed:0.##}× real time" : "full speed")}\n");
        Line("records", $"{Sensors.Count} ECG record{(Sensors.Count == 1 ? string.Empty : "s")} ({string.Join(", ", Sensors.Select(sensor => sensor.SensorId))}), {detection.SignalSeconds / 60:0.0} min of signal; Kafka records published {RecordsPublished}, consumed {RecordsConsumed}, dead-lettered {DeadLettered}");
        Line("windows", $"{WindowsScored} scored from {SamplesProcessed} samples");
        Line("alerts", $"raised {AlertsRaised}, cleared {AlertsCleared}, acknowledged by the broker {AlertsAcknowledged}");
        Line("detection", $"ventricular-beat episodes alerted {detection.EpisodesDetected} / {detection.EpisodesTotal}{Percent(detection.EpisodeSensitivity)} ({detection.VentricularBeats} V beats; an episode = V beats ≤ {EpisodeGapSeconds:0.#} s apart, matched ± {ToleranceSeconds:0.#} s)");
        Line(string.Empty, $"false alerts {detection.FalseAlerts} of {detection.AlertsRaised} raised = {(detection.FalseAlertsPerHour is { } perHour ? perHour.ToString("0.0", CultureInfo.InvariantCulture) : "n/a")} per hour of signal");
        var beats = Beats;
        Line("beats", $"V beats {beats.VentricularBeats} of {beats.Beats}: Se {Fraction(beats.Sensitivity)}, +P {Fraction(beats.PositivePredictivity)}, F1 {Fraction(beats.F1)} (TP {beats.TruePositives}, FP {beats.FalsePositives}, FN {beats.FalseNegatives}; each beat decided by the window centred nearest to it)");
        foreach (var sensor in Sensors)
        {
            var d = sensor.Detection;
            var b = sensor.Beats;
            Line(string.Empty, $"{sensor.SensorId,-8} episodes {d.EpisodesDetected,3} / {d.EpisodesTotal,-3}  alerts {d.AlertsRaised,3} ({d.FalseAlerts} false)  V beats {b.TruePositives,4} / {b.VentricularBeats,-4} found, {b.FalsePositives} false  windows {sensor.WindowsScored}");
        }

        Line("throughput", $"{RecordsPerSecond:0} records/s, {SamplesPerSecond:0} samples/s, {WindowsPerSecond:0} windows/s over {ProcessingSeconds:0.0} s{(Speed > 0 ? " (paced by the replay; --speed 0 for the ceiling)" : string.Empty)}");
        Line("latency", $"window scored  {Describe(WindowLatency)}");
        Line(string.Empty, $"alert acked    {Describe(AlertLatency)}");
        return text.ToString();
    }

    private static string Describe(DemoStop stop) => stop switch
    {
        DemoStop.Completed => "replay complete",
        DemoStop.DurationElapsed => "--duration elapsed",
        DemoStop.Cancelled => "stopped (Ctrl-C or SIGTERM)",
        _ => "FAILED",
    };

    private static string Describe(LatencySummary latency) => latency.Count == 0
        ? "no observations"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {latency.P50Ms:0.0} ms, p95 {latency.P95Ms:0.0} ms, p99 {latency.P99Ms:0.0} ms, max {latency.MaxMs:0.0} ms (n={latency.Count}; from the worker receiving the record)");

    private static string Fraction(double? value) => value is { } number ? number.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double? fraction) => fraction is { } value ? string.Create(CultureInfo.InvariantCulture, $" ({value * 100:0} %)") : string.Empty;

    private double Rate(long count) => ProcessingSeconds > 0 ? count / ProcessingSeconds : 0;
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamClassifier.Core.Ecg;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>Writes an <see cref="EcgEvaluationResult"/> as Markdown (for people) and JSON (for tools).</summary>
internal static class EcgEvaluationReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The report as Markdown.</summary>
    public static string ToMarkdown(EcgEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var clean = result.Clean;
        var beats = clean.Beats;
        var detection = clean.Detection;
        Line($"# ECG evaluation: {result.Model}");
        Line($"");
        Line($"Topology {result.Topology}: windows of {result.WindowSize} samples every {result.Hop}, threshold {result.Threshold:0.####}; records {string.Join(", ", clean.Records.Select(r => r.Record))}.");
        Line($"Beat level: every annotated beat is decided by the window whose centre (start + (size-1)/2) is nearest to it (ties: the earlier window); V = AAMI V (V, E).");
        Line($"");
        Line($"## Gross figures");
        Line($"");
        Line($"| V Se | V +P | V F1 | V FPR | TP | FP | FN | window AUC | window PR-AUC | episodes alerted | false alerts/h |");
        Line($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Line($"| {beats.Sensitivity:0.000} | {beats.PositivePredictivity:0.000} | {beats.F1:0.000} | {beats.FalsePositiveRate:0.0000} | {beats.TruePositives} | {beats.FalsePositives} | {beats.FalseNegatives} | {clean.WindowAuc:0.000} | {clean.WindowPrAuc:0.000} | {detection.EpisodesDetected}/{detection.EpisodesTotal} ({detection.EpisodeSensitivity * 100:0.0} %) | {detection.FalseAlertsPerHour:0.00} |");
        Line($"");
        Line($"Episodes: V beats at most {VentricularEpisodes.DefaultMaxGapSeconds:0.#} s apart; an alert matches an episode it overlaps ± {DetectionScorer.DefaultToleranceSeconds:0.#} s; a false alert overlaps none. {detection.AlertsRaised} alerts over {detection.SignalSeconds / 3600:0.00} h.");
        Line($"");
        Line($"## What is called V (confusion by AAMI class)");
        Line($"");
        Line($"| class | beats | called V |");
        Line($"|---|---:|---:|");
        foreach (var aami in Enum.GetValues<AamiClass>())
        {
            Line($"| {aami} | {beats.Total[(int)aami]} | {beats.CalledV[(int)aami]} |");
        }

        Line($"");
        Line($"## Per record");
        Line($"");
        Line($"| record | beats | V beats | V Se | V +P | V F1 | FP | episodes | alerts (false) |");
        Line($"|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var record in clean.Records)
        {
            var b = record.Beats;
            var d = record.Detection;
            Line($"| {record.Record} | {b.Total.Sum()} | {b.Total[(int)AamiClass.V]} | {Format(b.Sensitivity)} | {Format(b.PositivePredictivity)} | {Format(b.F1)} | {b.FalsePositives} | {d.EpisodesDetected}/{d.EpisodesTotal} | {d.AlertsRaised} ({d.FalseAlerts}) |");
        }

        if (result.Noisy.Count > 0)
        {
            Line($"");
            Line($"## Noise stress (nstdb noise added over the whole record, SNR as nst defines it)");
            Line($"");
            Line($"| condition | V Se | V +P | V F1 | episodes alerted | false alerts/h |");
            Line($"|---|---:|---:|---:|---:|---:|");
            foreach (var condition in result.Noisy.Prepend(clean))
            {
                var b = condition.Beats;
                var d = condition.Detection;
                Line($"| {condition.Condition} | {b.Sensitivity:0.000} | {b.PositivePredictivity:0.000} | {b.F1:0.000} | {d.EpisodesDetected}/{d.EpisodesTotal} | {d.FalseAlertsPerHour:0.00} |");
            }
        }

        if (result.PolicySweep.Count > 0)
        {
            Line($"");
            Line($"## Alert policies replayed over the clean scores");
            Line($"");
            Line($"| raise_after | of_last | clear_after | cooldown_s | episodes alerted | alerts | false alerts/h |");
            Line($"|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var outcome in result.PolicySweep)
            {
                var s = outcome.Settings;
                var d = outcome.Detection;
                Line($"| {s.RaiseAfter} | {s.OfLast} | {s.ClearAfter} | {s.CooldownS:0.#} | {d.EpisodesDetected}/{d.EpisodesTotal} ({d.EpisodeSensitivity * 100:0.0} %) | {d.AlertsRaised} | {d.FalseAlertsPerHour:0.00} |");
            }
        }

        return text.ToString();
    }

    /// <summary>The report as JSON: the gross and per-record figures of every condition (no per-window scores).</summary>
    public static string ToJson(EcgEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(
            new
            {
                result.Model,
                result.Topology,
                result.Threshold,
                result.WindowSize,
                result.Hop,
                Clean = Describe(result.Clean),
                Noisy = result.Noisy.Select(Describe).ToList(),
                PolicySweep = result.PolicySweep.Select(outcome => new { outcome.Settings.RaiseAfter, outcome.Settings.OfLast, outcome.Settings.ClearAfter, outcome.Settings.CooldownS, outcome.Detection, outcome.Detection.EpisodeSensitivity, outcome.Detection.FalseAlertsPerHour }).ToList(),
            },
            Json);
    }

    private static object Describe(EcgConditionResult condition) => new
    {
        condition.Condition,
        Beats = Describe(condition.Beats),
        WindowAuc = Finite(condition.WindowAuc),
        WindowPrAuc = Finite(condition.WindowPrAuc),
        Detection = condition.Detection,
        EpisodeSensitivity = condition.Detection.EpisodeSensitivity,
        FalseAlertsPerHour = condition.Detection.FalseAlertsPerHour,
        Records = condition.Records.Select(record => new { record.Record, Beats = Describe(record.Beats), record.Detection }).ToList(),
    };

    private static object Describe(BeatCounts counts) => new
    {
        Sensitivity = Finite(counts.Sensitivity),
        PositivePredictivity = Finite(counts.PositivePredictivity),
        F1 = Finite(counts.F1),
        FalsePositiveRate = Finite(counts.FalsePositiveRate),
        counts.TruePositives,
        counts.FalsePositives,
        counts.FalseNegatives,
        counts.TrueNegatives,
        Total = Enum.GetValues<AamiClass>().ToDictionary(c => c.ToString(), c => counts.Total[(int)c]),
        CalledV = Enum.GetValues<AamiClass>().ToDictionary(c => c.ToString(), c => counts.CalledV[(int)c]),
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "–";
}

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
        AppendGross(text, result);
        AppendConfusion(text, result.Clean.Beats);
        AppendPerRecord(text, result.Clean);
        AppendNoiseStress(text, result);
        AppendPolicySweep(text, result);
        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void AppendGross(StringBuilder text, EcgEvaluationResult result)
    {
        var clean = result.Clean;
        var beats = clean.Beats;
        var detection = clean.Detection;
        Line(text, $"# ECG evaluation: {result.Model}");
        Line(text, $"");
        Line(text, $"Topology {result.Topology}: windows of {result.WindowSize} samples every {result.Hop}, threshold {result.Threshold:0.####}; records {string.Join(", ", clean.Records.Select(r => r.Record))}.");
        Line(text, $"Beat level: every annotated beat is decided by the window whose centre (start + (size-1)/2) is nearest to it (ties: the earlier window); V = AAMI V (V, E).");
        Line(text, $"");
        Line(text, $"## Gross figures");
        Line(text, $"");
        Line(text, $"| V Se | V +P | V F1 | V FPR | TP | FP | FN | window AUC | window PR-AUC | episodes alerted | false alerts/h |");
        Line(text, $"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Line(text, $"| {beats.Sensitivity:0.000} | {beats.PositivePredictivity:0.000} | {beats.F1:0.000} | {beats.FalsePositiveRate:0.0000} | {beats.TruePositives} | {beats.FalsePositives} | {beats.FalseNegatives} | {clean.WindowAuc:0.000} | {clean.WindowPrAuc:0.000} | {detection.EpisodesDetected}/{detection.EpisodesTotal} ({detection.EpisodeSensitivity * 100:0.0} %) | {detection.FalseAlertsPerHour:0.00} |");
        Line(text, $"");
        Line(text, $"Episodes: V beats at most {VentricularEpisodes.DefaultMaxGapSeconds:0.#} s apart; an alert matches an episode it overlaps ± {DetectionScorer.DefaultToleranceSeconds:0.#} s; a false alert overlaps none. {detection.AlertsRaised} alerts over {detection.SignalSeconds / 3600:0.00} h.");
    }

    private static void AppendConfusion(StringBuilder text, BeatCounts beats)
    {
        Line(text, $"");
        Line(text, $"## What is called V (confusion by AAMI class)");
        Line(text, $"");
        Line(text, $"| class | beats | called V |");
        Line(text, $"|---|---:|---:|");
        foreach (var aami in Enum.GetValues<AamiClass>())
        {
            Line(text, $"| {aami} | {beats.Total[(int)aami]} | {beats.CalledV[(int)aami]} |");
        }
    }

    private static void AppendPerRecord(StringBuilder text, EcgConditionResult clean)
    {
        Line(text, $"");
        Line(text, $"## Per record");
        Line(text, $"");
        Line(text, $"| record | beats | V beats | V Se | V +P | V F1 | FP | episodes | alerts (false) |");
        Line(text, $"|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var record in clean.Records)
        {
            var b = record.Beats;
            var d = record.Detection;
            Line(text, $"| {record.Record} | {b.Total.Sum()} | {b.Total[(int)AamiClass.V]} | {Format(b.Sensitivity)} | {Format(b.PositivePredictivity)} | {Format(b.F1)} | {b.FalsePositives} | {d.EpisodesDetected}/{d.EpisodesTotal} | {d.AlertsRaised} ({d.FalseAlerts}) |");
        }
    }

    private static void AppendNoiseStress(StringBuilder text, EcgEvaluationResult result)
    {
        if (result.Noisy.Count == 0)
        {
            return;
        }

        Line(text, $"");
        Line(text, $"## Noise stress (nstdb noise added over the whole record, SNR as nst defines it)");
        Line(text, $"");
        Line(text, $"| condition | V Se | V +P | V F1 | episodes alerted | false alerts/h |");
        Line(text, $"|---|---:|---:|---:|---:|---:|");
        foreach (var condition in result.Noisy.Prepend(result.Clean))
        {
            var b = condition.Beats;
            var d = condition.Detection;
            Line(text, $"| {condition.Condition} | {b.Sensitivity:0.000} | {b.PositivePredictivity:0.000} | {b.F1:0.000} | {d.EpisodesDetected}/{d.EpisodesTotal} | {d.FalseAlertsPerHour:0.00} |");
        }
    }

    private static void AppendPolicySweep(StringBuilder text, EcgEvaluationResult result)
    {
        if (result.PolicySweep.Count == 0)
        {
            return;
        }

        Line(text, $"");
        Line(text, $"## Alert policies replayed over the clean scores");
        Line(text, $"");
        Line(text, $"| raise_after | of_last | clear_after | cooldown_s | episodes alerted | alerts | false alerts/h |");
        Line(text, $"|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var outcome in result.PolicySweep)
        {
            var s = outcome.Settings;
            var d = outcome.Detection;
            Line(text, $"| {s.RaiseAfter} | {s.OfLast} | {s.ClearAfter} | {s.CooldownS:0.#} | {d.EpisodesDetected}/{d.EpisodesTotal} ({d.EpisodeSensitivity * 100:0.0} %) | {d.AlertsRaised} | {d.FalseAlertsPerHour:0.00} |");
        }
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

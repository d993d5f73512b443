using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Evaluation;

namespace StreamClassifier.Trainer.Commands;

/// <summary>Writes a run's files: the ONNX model with its card (embedded and <c>.card.json</c>) and the PNG plots beside it.</summary>
internal static class ModelOutput
{
    /// <summary>Writes <paramref name="onnxPath"/>, its card and <c>&lt;stem&gt;.loss.png</c>, <c>.accuracy.png</c>, <c>.roc.png</c>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string onnxPath, ModelCard card, TrainingOutcome outcome, PreparedDataset data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(data);
        var folder = Path.GetDirectoryName(Path.GetFullPath(onnxPath)) ?? ".";
        Directory.CreateDirectory(folder);
        outcome.Model.ExportOnnx(onnxPath, card);

        var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(onnxPath));
        var written = new List<string> { onnxPath, stem + ".card.json" };
        var curves = outcome.Curves;
        TrainingPlots.SaveLossCurves(stem + ".loss.png", curves, $"{card.Name}: loss per epoch");
        TrainingPlots.SaveAccuracyCurves(stem + ".accuracy.png", curves, $"{card.Name}: accuracy per epoch");
        written.Add(stem + ".loss.png");
        written.Add(stem + ".accuracy.png");
        if (outcome.TestRoc is { } roc)
        {
            TrainingPlots.SaveRocCurve(stem + ".roc.png", roc, string.Create(CultureInfo.InvariantCulture, $"{card.Name}: ROC on TEST ({data.Test!.Count} windows)"));
            written.Add(stem + ".roc.png");
        }

        return written;
    }

    /// <summary>Prints the run's headline figures.</summary>
    public static void PrintSummary(TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var invariant = CultureInfo.InvariantCulture;
        var threshold = outcome.Threshold;
        Console.WriteLine(string.Create(invariant, $"threshold {threshold.Threshold:0.####}{(threshold.Note is null ? string.Empty : $" ({threshold.Note})")}"));
        Print("validation", outcome.Validation);
        if (outcome.Test is { } test)
        {
            Print("TEST", test);
        }

        Console.WriteLine(string.Create(invariant, $"wall time {outcome.Seconds:0.0} s"));

        void Print(string part, BinaryMetrics metrics) => Console.WriteLine(string.Create(
            invariant,
            $"{part}: accuracy {metrics.Accuracy:0.0000}, balanced {metrics.BalancedAccuracy:0.0000}, AUC {metrics.RocAuc:0.0000}, F1 {metrics.F1:0.0000}, confusion TP {metrics.Confusion.TruePositives} FP {metrics.Confusion.FalsePositives} TN {metrics.Confusion.TrueNegatives} FN {metrics.Confusion.FalseNegatives}"));
    }
}

using ScottPlot;

namespace StreamClassifier.Trainer.Evaluation;

/// <summary>One epoch's figures for the curves (one ensemble member).</summary>
/// <param name="Epoch">Epoch number (1-based).</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="ValidationLoss">Validation loss.</param>
/// <param name="ValidationAccuracy">Validation accuracy.</param>
internal readonly record struct EpochPoint(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy);

/// <summary>PNG plots of training (loss and accuracy per epoch) and of the ROC curve, rendered with ScottPlot (SkiaSharp).</summary>
internal static class TrainingPlots
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>Writes training and validation loss per epoch, one pair of lines per ensemble member.</summary>
    public static void SaveLossCurves(string path, IReadOnlyList<IReadOnlyList<EpochPoint>> members, string title)
        => SaveCurves(path, members, title, "loss", point => point.TrainLoss, point => point.ValidationLoss, Alignment.UpperRight);

    /// <summary>Writes training and validation accuracy per epoch, one pair of lines per ensemble member.</summary>
    public static void SaveAccuracyCurves(string path, IReadOnlyList<IReadOnlyList<EpochPoint>> members, string title)
        => SaveCurves(path, members, title, "accuracy", point => point.TrainAccuracy, point => point.ValidationAccuracy, Alignment.LowerRight);

    /// <summary>Writes the ROC curve with the chance diagonal and the AUC in the legend.</summary>
    public static void SaveRocCurve(string path, RocCurve curve, string title)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "chance";
        var roc = plot.Add.Scatter(
            curve.Points.Select(point => point.FalsePositiveRate).ToArray(),
            curve.Points.Select(point => point.TruePositiveRate).ToArray());
        roc.MarkerSize = 0;
        roc.LineWidth = 2;
        roc.LegendText = double.IsNaN(curve.Area) ? "ROC (one class only)" : $"ROC, AUC = {curve.Area:0.000}";
        plot.Title(title);
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
    }

    private static void SaveCurves(string path, IReadOnlyList<IReadOnlyList<EpochPoint>> members, string title, string quantity, Func<EpochPoint, double> train, Func<EpochPoint, double> validation, Alignment legendCorner)
    {
        ArgumentNullException.ThrowIfNull(members);
        var plot = new Plot();
        for (var member = 0; member < members.Count; member++)
        {
            var points = members[member];
            if (points.Count == 0)
            {
                continue;
            }

            var suffix = members.Count > 1 ? $" (member {member + 1})" : string.Empty;
            var epochs = points.Select(point => (double)point.Epoch).ToArray();
            var trainLine = plot.Add.Scatter(epochs, points.Select(train).ToArray());
            trainLine.LegendText = $"train {quantity}{suffix}";
            trainLine.MarkerSize = points.Count > 40 ? 0 : 4;
            var validationLine = plot.Add.Scatter(epochs, points.Select(validation).ToArray());
            validationLine.LegendText = $"validation {quantity}{suffix}";
            validationLine.LinePattern = LinePattern.Dashed;
            validationLine.MarkerSize = points.Count > 40 ? 0 : 4;
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(quantity);
        plot.ShowLegend(legendCorner);
        Save(plot, path);
    }

    private static void Save(Plot plot, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, Width, Height);
    }
}

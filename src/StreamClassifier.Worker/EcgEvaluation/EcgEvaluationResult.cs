using StreamClassifier.Core.Ecg;
using StreamClassifier.Worker.Demo.Detection;

namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>Figures of one condition (clean, or one noise type at one SNR) over a set of records.</summary>
/// <param name="Condition">"clean" or e.g. "ma 12 dB".</param>
/// <param name="Records">Per record.</param>
internal sealed record EcgConditionResult(string Condition, IReadOnlyList<RecordEvaluation> Records)
{
    /// <summary>Gross beat counts (all records' beats pooled).</summary>
    public BeatCounts Beats => Records.Aggregate(BeatCounts.Empty, (sum, record) => sum + record.Beats);

    /// <summary>Alerts against episodes, all records.</summary>
    public DetectionResult Detection => Records.Aggregate(DetectionResult.Empty, (sum, record) => sum + record.Detection);

    /// <summary>Window-level ROC AUC over all records' windows.</summary>
    public double WindowAuc => WindowRanking.RocAuc([.. Records.SelectMany(r => r.WindowScores)], [.. Records.SelectMany(r => r.WindowLabels)]);

    /// <summary>Window-level PR-AUC (average precision) over all records' windows.</summary>
    public double WindowPrAuc => WindowRanking.AveragePrecision([.. Records.SelectMany(r => r.WindowScores)], [.. Records.SelectMany(r => r.WindowLabels)]);
}

/// <summary>An evaluation run: the model, the stream, and the clean and noisy conditions.</summary>
/// <param name="Model">Model name and version.</param>
/// <param name="Topology">Topology file.</param>
/// <param name="Threshold">Decision threshold of the stream.</param>
/// <param name="WindowSize">Window length.</param>
/// <param name="Hop">Window hop.</param>
/// <param name="Clean">The records as recorded.</param>
/// <param name="Noisy">The records with nstdb noise added, per noise type and SNR.</param>
internal sealed record EcgEvaluationResult(string Model, string Topology, double Threshold, int WindowSize, int Hop, EcgConditionResult Clean, IReadOnlyList<EcgConditionResult> Noisy)
{
    /// <summary>Other alert policies replayed over the clean scores (empty unless asked for).</summary>
    public IReadOnlyList<AlertPolicyOutcome> PolicySweep { get; init; } = [];
}

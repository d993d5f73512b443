namespace StreamClassifier.Trainer.Reporting;

/// <summary>Our result on one dataset.</summary>
/// <param name="Dataset">UCR dataset name.</param>
/// <param name="Accuracy">TEST accuracy at the reported threshold.</param>
/// <param name="Auc">TEST ROC AUC.</param>
/// <param name="Seconds">Wall time: loading, training, evaluation.</param>
/// <param name="Epochs">Epochs run per network (the last member's, after early stopping); 0 for a closed-form fit.</param>
/// <param name="Threshold">The decision threshold used on TEST.</param>
/// <param name="Note">Anything unusual (e.g. epochs cut by the time budget).</param>
internal sealed record DatasetResult(string Dataset, double Accuracy, double Auc, double Seconds, int Epochs, double Threshold, string? Note = null);

/// <summary>One benchmark run: settings, results, and what was not run.</summary>
internal sealed record BenchmarkReport
{
    /// <summary>Architecture and options in words (e.g. "fcn, width 1, ensemble 1, epochs ≤ 100 ...").</summary>
    public required string Settings { get; init; }

    /// <summary>How TRAIN, validation and TEST were used, one paragraph for the table.</summary>
    public string Protocol { get; init; } = "Protocol: each dataset's TRAIN file is split (stratified, seeded) into training and validation rows; validation drives early stopping, checkpoint selection and the decision threshold. The TEST file is read only after training, for the figures below, and influences nothing else. Accuracy is on the full TEST file.";

    /// <summary>True when the model was fitted in closed form (no epochs, no validation-driven training).</summary>
    public bool ClosedForm { get; init; }

    /// <summary>Results in run order.</summary>
    public required IReadOnlyList<DatasetResult> Results { get; init; }

    /// <summary>Datasets requested but not run, with the reason.</summary>
    public IReadOnlyList<(string Dataset, string Reason)> NotRun { get; init; } = [];

    /// <summary>Total wall time, seconds.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>When the run finished (UTC).</summary>
    public DateTimeOffset FinishedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The machine's load while the run went (null where unknown): a shared machine inflates the seconds.</summary>
    public string? Load { get; init; }

    /// <summary>Machine description (cores, OS).</summary>
    public string Machine { get; init; } = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    /// <summary>Mean TEST accuracy over the datasets run.</summary>
    public double MeanAccuracy => Results.Count == 0 ? double.NaN : Results.Average(result => result.Accuracy);
}

using StreamClassifier.Core.Models;

namespace StreamClassifier.Trainer.Data;

/// <summary>Where the shared datasets are and how to split.</summary>
/// <param name="DataRoot">The datasets folder (holding <c>ucr/</c> and <c>mitbih/</c>).</param>
/// <param name="ValidationFraction">Fraction of TRAIN held out for validation (UCR and CSV).</param>
/// <param name="Seed">Seed of the stratified splits.</param>
internal sealed record DatasetOptions(string DataRoot, double ValidationFraction = 0.2, int Seed = 42);

/// <summary>Train, validation and test windows, ready for training, with what the model card must say about them.</summary>
internal sealed record PreparedDataset
{
    /// <summary>Short name (dataset or model name).</summary>
    public required string Name { get; init; }

    /// <summary>Windows that train the network.</summary>
    public required LabelledWindows Train { get; init; }

    /// <summary>Windows for early stopping, checkpoint selection and threshold calibration (always from TRAIN data).</summary>
    public required LabelledWindows Validation { get; init; }

    /// <summary>Held-out windows for the card's metrics; null when there are none.</summary>
    public LabelledWindows? Test { get; init; }

    /// <summary>Original label → class, when the data had labels of its own.</summary>
    public IReadOnlyDictionary<string, int>? LabelMapping { get; init; }

    /// <summary>Where the data came from (for the card).</summary>
    public required string DataDescription { get; init; }

    /// <summary>How it was split (for the card).</summary>
    public required string SplitDescription { get; init; }

    /// <summary>The label rule for windowed data, or null.</summary>
    public string? LabelRule { get; init; }

    /// <summary>Sample rate, Hz, for rate-based signals; null for UCR-style series.</summary>
    public double? SampleRateHz { get; init; }

    /// <summary>The preprocessing applied (for the card and the worker's topology check).</summary>
    public PreprocessingCard Preprocessing { get; init; } = new() { Normalize = Core.Topology.NormalizationKind.None };
}

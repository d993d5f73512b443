namespace StreamClassifier.Trainer.Training;

/// <summary>How <see cref="ModelTrainer"/> trains a network (or an ensemble of networks).</summary>
internal sealed record TrainingOptions
{
    /// <summary>Network family.</summary>
    public Architecture Architecture { get; init; } = Architecture.Fcn;

    /// <summary>Multiplies every layer width (1 = published sizes; 0.5 halves them).</summary>
    public double WidthScale { get; init; } = 1;

    /// <summary>Maximum epochs per network.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Mini-batch size (capped at the training set size).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's initial learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Stop after this many epochs without a better validation loss (0 = never stop early).</summary>
    public int Patience { get; init; } = 20;

    /// <summary>
    /// Halve the learning rate after this many epochs without a better validation loss (0 = half of
    /// <see cref="Patience"/>, at least 2; negative = constant learning rate).
    /// </summary>
    public int LearningRatePatience { get; init; }

    /// <summary>Random seed: the same seed, data, options and thread count give the same model.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Networks in the ensemble (their probabilities are averaged).</summary>
    public int EnsembleSize { get; init; } = 1;

    /// <summary>Weigh the positive class by negatives/positives in the loss.</summary>
    public bool ClassWeights { get; init; } = true;

    /// <summary>
    /// MiniRocket only: features to produce (rounded down to a multiple of 84; the reference's 10,000 gives 9,996).
    /// </summary>
    public int MiniRocketFeatures { get; init; } = Networks.MiniRocketLayout.DefaultFeatureCount;

    /// <summary>ConfigurableConv1D only: the layer stack (null = <see cref="Networks.ConvStackSpec"/>'s defaults).</summary>
    public Networks.ConvStackSpec? Network { get; init; }

    /// <summary>Intra-op threads for libtorch (0 = <see cref="Environment.ProcessorCount"/>).</summary>
    public int Threads { get; init; }

    /// <summary>Receives one report per epoch and network.</summary>
    public IProgress<EpochReport>? Progress { get; init; }

    /// <summary>Throws with a clear message when an option is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Enum.IsDefined(Architecture), $"Unknown architecture {Architecture}; use one of {ArchitectureNames.Listed}.");
        Network?.Validate("training options");
        Require(MiniRocketFeatures >= Networks.MiniRocketLayout.KernelCount, $"MiniRocketFeatures must be at least {Networks.MiniRocketLayout.KernelCount} (one per kernel), got {MiniRocketFeatures}.");
        Require(WidthScale > 0 && !double.IsInfinity(WidthScale), $"WidthScale must be a positive number, got {WidthScale}.");
        Require(Epochs >= 1, $"Epochs must be at least 1, got {Epochs}.");
        Require(BatchSize >= 1, $"BatchSize must be at least 1, got {BatchSize}.");
        Require(LearningRate > 0 && !double.IsInfinity(LearningRate), $"LearningRate must be positive, got {LearningRate}.");
        Require(Patience >= 0, $"Patience must be 0 (no early stopping) or more, got {Patience}.");
        Require(EnsembleSize >= 1, $"EnsembleSize must be at least 1, got {EnsembleSize}.");
        Require(Threads >= 0, $"Threads must be 0 (all cores) or more, got {Threads}.");
    }
}

/// <summary>Progress of one epoch of one ensemble member.</summary>
/// <param name="Member">Ensemble member (0-based).</param>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (train mode).</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch's batches (train mode, threshold 0.5).</param>
/// <param name="ValidationLoss">Validation loss (eval mode); NaN without validation data.</param>
/// <param name="ValidationAccuracy">Validation accuracy (eval mode); NaN without validation data.</param>
/// <param name="Improved">True when this epoch became the member's best checkpoint.</param>
internal sealed record EpochReport(int Member, int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, bool Improved)
{
    /// <summary>Learning rate used in this epoch.</summary>
    public double LearningRate { get; init; }
}

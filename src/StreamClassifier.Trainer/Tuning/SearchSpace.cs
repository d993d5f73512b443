using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Networks;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>
/// The hyper-parameters <c>tune</c> draws for each trial of a ConfigurableConv1D (read from a space file by
/// <see cref="SearchSpaceFile"/>; every key is documented in docs/tuning.md). A parameter the file leaves out keeps the
/// single default shown here.
/// </summary>
internal sealed record SearchSpace
{
    /// <summary>Convolution layers.</summary>
    public SearchDimension<int> Depth { get; init; } = SearchDimension<int>.Of(3);

    /// <summary>Filters of each layer (drawn per layer).</summary>
    public SearchDimension<int> Filters { get; init; } = SearchDimension<int>.Of(64);

    /// <summary>Kernel size of each layer (drawn per layer).</summary>
    public SearchDimension<int> KernelSize { get; init; } = SearchDimension<int>.Of(5);

    /// <summary>Activation of all layers.</summary>
    public SearchDimension<ConvActivation> Activation { get; init; } = SearchDimension<ConvActivation>.Of(ConvActivation.Relu);

    /// <summary>Dropout probability.</summary>
    public SearchDimension<double> Dropout { get; init; } = SearchDimension<double>.Of(0.1);

    /// <summary>BatchNorm after each convolution.</summary>
    public SearchDimension<bool> BatchNorm { get; init; } = SearchDimension<bool>.Of(true);

    /// <summary>Max pooling after each layer (1 = none).</summary>
    public SearchDimension<int> Pool { get; init; } = SearchDimension<int>.Of(1);

    /// <summary>The head.</summary>
    public SearchDimension<ConvHead> Head { get; init; } = SearchDimension<ConvHead>.Of(ConvHead.GlobalAverage);

    /// <summary>Adam's initial learning rate.</summary>
    public SearchDimension<double> LearningRate { get; init; } = SearchDimension<double>.Of(1e-3);

    /// <summary>Mini-batch size.</summary>
    public SearchDimension<int> BatchSize { get; init; } = SearchDimension<int>.Of(16);

    /// <summary>Window length in samples (recordings only); null = the dataset's own.</summary>
    public SearchDimension<int>? WindowLength { get; init; }

    /// <summary>Augmented copies per training window (0 = none).</summary>
    public SearchDimension<int> AugmentationCopies { get; init; } = SearchDimension<int>.Of(0);

    /// <summary>Relative amplitude change of augmented copies.</summary>
    public SearchDimension<double> AugmentationAmplitude { get; init; } = SearchDimension<double>.Of(0.1);

    /// <summary>Noise of augmented copies, relative to each window's standard deviation.</summary>
    public SearchDimension<double> AugmentationNoise { get; init; } = SearchDimension<double>.Of(0.05);

    /// <summary>Largest time shift of augmented copies, samples.</summary>
    public SearchDimension<int> AugmentationShift { get; init; } = SearchDimension<int>.Of(0);

    /// <summary>
    /// Draws <paramref name="count"/> configs with <see cref="Sample"/>, drawing again (up to 100 times) when a config
    /// equals an earlier one, so a small space does not spend trials on duplicates; a space with fewer distinct configs
    /// than <paramref name="count"/> repeats some. Config i depends only on the draws before it: more trials extend the
    /// same sequence.
    /// </summary>
    public IReadOnlyList<TrainingConfig> SampleDistinct(SeededRandom random, TrainingConfig template, int datasetLength, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var configs = new List<TrainingConfig>(count);
        for (var trial = 0; trial < count; trial++)
        {
            var config = Sample(random, template, datasetLength);
            for (var attempt = 1; attempt < 100 && seen.Contains(config.ToJson()); attempt++)
            {
                config = Sample(random, template, datasetLength);
            }

            seen.Add(config.ToJson());
            configs.Add(config);
        }

        return configs;
    }

    /// <summary>
    /// Draws one trial's config: the searched values from <paramref name="random"/> (always in the same order, so a
    /// seed gives the same sequence of configs), the rest from <paramref name="template"/>. A pooling that would leave
    /// fewer than 4 samples of a window of <paramref name="datasetLength"/> (or of the drawn window length) becomes 1.
    /// </summary>
    public TrainingConfig Sample(SeededRandom random, TrainingConfig template, int datasetLength)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(template);
        var depth = Depth.Sample(random);
        var filters = new int[depth];
        var kernels = new int[depth];
        for (var layer = 0; layer < depth; layer++)
        {
            filters[layer] = Filters.Sample(random);
            kernels[layer] = KernelSize.Sample(random);
        }

        var network = new ConvStackSpec
        {
            Filters = filters,
            KernelSizes = kernels,
            Activation = Activation.Sample(random),
            Dropout = Dropout.Sample(random),
            BatchNorm = BatchNorm.Sample(random),
            Pool = Pool.Sample(random),
            Head = Head.Sample(random),
        };
        var learningRate = LearningRate.Sample(random);
        var batchSize = BatchSize.Sample(random);
        int? windowLength = WindowLength?.Sample(random);
        var augmentation = new AugmentationSpec
        {
            Copies = AugmentationCopies.Sample(random),
            Amplitude = AugmentationAmplitude.Sample(random),
            Noise = AugmentationNoise.Sample(random),
            Shift = AugmentationShift.Sample(random),
        };
        if (network.OutputLength(windowLength ?? datasetLength) < 4)
        {
            network = network with { Pool = 1 };
        }

        return template with
        {
            Architecture = Architecture.ConfigurableConv1D,
            Network = network,
            LearningRate = learningRate,
            BatchSize = batchSize,
            WindowLength = windowLength,
            Augmentation = augmentation.Copies == 0 ? null : augmentation,
        };
    }
}

using StreamClassifier.Trainer.Native;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Networks;

/// <summary>Builds a network of the chosen architecture for a window shape.</summary>
internal static class NetworkFactory
{
    /// <summary>Creates the untrained network <paramref name="options"/> ask for (architecture, width and, for ConfigurableConv1D, its layer stack).</summary>
    public static ClassifierNetwork Create(TrainingOptions options, int channels, int length)
    {
        ArgumentNullException.ThrowIfNull(options);
        TorchSharpNative.EnsureLoadable();
        return options.Architecture == Architecture.ConfigurableConv1D
            ? new ConfigurableConv1D(channels, length, options.Network ?? new ConvStackSpec(), options.WidthScale)
            : Create(options.Architecture, channels, length, options.WidthScale);
    }

    /// <summary>Creates an untrained network (weights from the current torch seed); ConfigurableConv1D gets its default stack.</summary>
    /// <param name="architecture">Which family.</param>
    /// <param name="channels">Input channels C.</param>
    /// <param name="length">Window length L.</param>
    /// <param name="widthScale">Multiplies every layer width (1 = the published sizes).</param>
    public static ClassifierNetwork Create(Architecture architecture, int channels, int length, double widthScale = 1)
    {
        if (!(widthScale > 0) || double.IsInfinity(widthScale))
        {
            throw new ArgumentOutOfRangeException(nameof(widthScale), widthScale, "The width scale must be a positive number (1 = published layer widths).");
        }

        TorchSharpNative.EnsureLoadable();
        return architecture switch
        {
            Architecture.ConvDense => new ConvDense(channels, length, widthScale),
            Architecture.ConvBatchNorm => new ConvBatchNorm(channels, length, widthScale),
            Architecture.MultiKernelConv => new MultiKernelConv(channels, length, widthScale),
            Architecture.Fcn => new Fcn(channels, length, widthScale),
            Architecture.ResNet => new ResNet(channels, length, widthScale),
            Architecture.ConfigurableConv1D => new ConfigurableConv1D(channels, length, new ConvStackSpec(), widthScale),
            Architecture.BeatNet => new BeatNet(channels, length, widthScale),
            Architecture.MiniRocket => throw new ArgumentException("MiniRocket has no untrained form: its biases and head are fitted from data. Use MiniRocketFitter.Fit (or ModelTrainer.Train with Architecture.MiniRocket).", nameof(architecture)),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, $"Unknown architecture; use one of {ArchitectureNames.Listed}."),
        };
    }
}

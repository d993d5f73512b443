namespace StreamClassifier.Trainer.Training;

/// <summary>
/// The network families the trainer can build (see docs/trainer.md for each layer stack). The first
/// three are the product's seed examples 1–3, named for their layers; <see cref="ArchitectureNames"/>
/// also accepts their seed names (<c>SeedConv1D</c>, <c>SeedBatchNorm</c>, <c>SeedMultiKernel</c>).
/// </summary>
internal enum Architecture
{
    /// <summary>One convolution and a dense head (seed example 1): Conv1D 32×3 → MaxPool → Flatten → Dense 64 → Dense 1.</summary>
    ConvDense,

    /// <summary>Two convolutions with batch normalisation (seed example 2): Conv 64×5 → BatchNorm → MaxPool → Dropout → Conv 128×3 → BatchNorm → GAP → Dense 128 → Dropout → Dense 1.</summary>
    ConvBatchNorm,

    /// <summary>Parallel convolutions of three kernel sizes (seed example 3): parallel convs with kernels 3/5/7 → global max pooling → concat → Dense 128 → Dense 1.</summary>
    MultiKernelConv,

    /// <summary>Fully convolutional network (Wang et al. 2017): 128-256-128 filters, kernels 8-5-3, BatchNorm, GAP.</summary>
    Fcn,

    /// <summary>Residual network (Wang et al. 2017): three blocks of 64-128-128 filters, kernels 8-5-3, 1×1 shortcuts, GAP.</summary>
    ResNet,

    /// <summary>
    /// MiniRocket (Dempster, Schmidt and Webb 2021): 84 fixed length-9 kernels over a range of dilations,
    /// biases from training quantiles, PPV pooling, ridge head; fitted in closed form, not by gradient.
    /// </summary>
    MiniRocket,

    /// <summary>
    /// A Conv1D stack whose filters, kernel sizes, depth, activation, dropout, BatchNorm, pooling and head come from a
    /// <see cref="Networks.ConvStackSpec"/> (<see cref="TrainingOptions.Network"/>): the network <c>tune</c> searches over.
    /// </summary>
    ConfigurableConv1D,

    /// <summary>
    /// Position-aware beat network: four blocks of Conv (16-32-32-32 filters, kernels 7-5-5-5, same padding)
    /// → BatchNorm → ReLU → MaxPool 2, then Flatten (keeps where in the window each feature lies) →
    /// Dropout → Dense 64 → Dense 1. Answers "is the beat at the window's centre ventricular?".
    /// </summary>
    BeatNet,
}

/// <summary>Facts about an <see cref="Architecture"/> that decide how it is trained.</summary>
internal static class ArchitectureFacts
{
    /// <summary>True for models fitted in closed form (no epochs, no optimiser): today only MiniRocket.</summary>
    public static bool IsClosedForm(this Architecture architecture) => architecture == Architecture.MiniRocket;
}

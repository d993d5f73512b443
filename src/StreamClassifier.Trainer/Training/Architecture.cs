namespace StreamClassifier.Trainer.Training;

/// <summary>The network families the trainer can build (see docs/trainer.md for each layer stack).</summary>
public enum Architecture
{
    /// <summary>Seed example 1: Conv1D 32×3 → MaxPool → Flatten → Dense 64 → Dense 1.</summary>
    SeedConv1D,

    /// <summary>Seed example 2: Conv 64×5 → BatchNorm → MaxPool → Dropout → Conv 128×3 → BatchNorm → GAP → Dense 128 → Dropout → Dense 1.</summary>
    SeedBatchNorm,

    /// <summary>Seed example 3: parallel convs with kernels 3/5/7 → global max pooling → concat → Dense 128 → Dense 1.</summary>
    SeedMultiKernel,

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
    /// Position-aware beat network: four blocks of Conv (16-32-32-32 filters, kernels 7-5-5-5, same padding)
    /// → BatchNorm → ReLU → MaxPool 2, then Flatten (keeps where in the window each feature lies) →
    /// Dropout → Dense 64 → Dense 1. Answers "is the beat at the window's centre ventricular?".
    /// </summary>
    BeatNet,
}

/// <summary>Facts about an <see cref="Architecture"/> that decide how it is trained.</summary>
public static class ArchitectureFacts
{
    /// <summary>True for models fitted in closed form (no epochs, no optimiser): today only MiniRocket.</summary>
    public static bool IsClosedForm(this Architecture architecture) => architecture == Architecture.MiniRocket;
}

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
}

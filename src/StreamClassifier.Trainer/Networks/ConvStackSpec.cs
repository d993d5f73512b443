using System.Globalization;
using System.Text.Json.Serialization;

namespace StreamClassifier.Trainer.Networks;

/// <summary>Non-linearity after each convolution of a <see cref="ConfigurableConv1D"/>.</summary>
internal enum ConvActivation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>x·Φ(x), the exact (erf) form.</summary>
    Gelu,

    /// <summary>x for x &gt; 0, exp(x) − 1 otherwise (alpha 1).</summary>
    Elu,

    /// <summary>x for x &gt; 0, 0.01·x otherwise.</summary>
    LeakyRelu,

    /// <summary>tanh(x).</summary>
    Tanh,
}

/// <summary>How a <see cref="ConfigurableConv1D"/> turns its last feature map into one logit.</summary>
internal enum ConvHead
{
    /// <summary>Global average pooling over time → dense layer: any window length, blind to where in the window a pattern lies.</summary>
    GlobalAverage,

    /// <summary>Global max pooling over time → dense layer: any window length, "is the pattern anywhere in the window".</summary>
    GlobalMax,

    /// <summary>
    /// Flatten the feature columns → dense layer: one weight per (filter, position), so the head knows where in the
    /// window a pattern lies (e.g. "is the beat at the window's centre abnormal?"); the window length is fixed.
    /// </summary>
    Dense,
}

/// <summary>How each convolution of a <see cref="ConfigurableConv1D"/> treats the window's edges.</summary>
internal enum ConvPadding
{
    /// <summary>Zero padding keeps the length ('same'); the edge columns see zeros, so the model cannot be streamed.</summary>
    Same,

    /// <summary>No padding: each layer is shorter by kernel − 1 and every column depends only on real samples, so with pooling dividing the hop the model streams (see docs/models.md).</summary>
    Valid,
}

/// <summary>
/// The layer stack of a <see cref="ConfigurableConv1D"/>: <see cref="Filters"/>[i] filters of kernel
/// <see cref="KernelSizes"/>[i] per layer ('same' padding), optional BatchNorm, the activation, optional max pooling and
/// dropout after each layer, then the head. Read from and written to JSON with the training config's snake_case keys.
/// </summary>
internal sealed record ConvStackSpec
{
    /// <summary>Filters per layer (before the width scale); the number of entries is the depth.</summary>
    public IReadOnlyList<int> Filters { get; init; } = [32, 64, 64];

    /// <summary>Kernel size per layer; as many entries as <see cref="Filters"/>.</summary>
    public IReadOnlyList<int> KernelSizes { get; init; } = [7, 5, 3];

    /// <summary>The activation after every convolution.</summary>
    public ConvActivation Activation { get; init; } = ConvActivation.Relu;

    /// <summary>Dropout probability after every layer and before the head (training only), 0 ≤ p &lt; 1.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>BatchNorm between each convolution and its activation.</summary>
    public bool BatchNorm { get; init; } = true;

    /// <summary>Edge handling of every convolution; <see cref="ConvPadding.Valid"/> makes the model streamable.</summary>
    public ConvPadding Padding { get; init; } = ConvPadding.Same;

    /// <summary>Max pooling window (and stride) after every layer; 1 = none.</summary>
    public int Pool { get; init; } = 1;

    /// <summary>The head.</summary>
    public ConvHead Head { get; init; } = ConvHead.GlobalAverage;

    /// <summary>Number of convolution layers.</summary>
    [JsonIgnore]
    public int Depth => Filters.Count;

    /// <summary>The length of the last feature map for windows of <paramref name="length"/> samples (valid convolutions shorten it by kernel − 1, pooling divides it, rounding down).</summary>
    public int OutputLength(int length)
    {
        var remaining = length;
        for (var layer = 0; layer < Depth; layer++)
        {
            remaining = Padding == ConvPadding.Valid ? remaining - (KernelSizes[layer] - 1) : remaining;
            remaining = remaining < 1 ? 0 : remaining / Pool;
        }

        return remaining;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the fix when a value is impossible.</summary>
    /// <param name="source">Where the spec came from (a file name), for the message.</param>
    public void Validate(string source)
    {
        void Require(bool ok, string key, string fix)
        {
            if (!ok)
            {
                throw new ArgumentException($"{source}: network.{key}: {fix}");
            }
        }

        Require(Filters is { Count: > 0 } && Filters.All(count => count >= 1), "filters", "list at least one layer's filter count, each at least 1, e.g. [32, 64].");
        Require(KernelSizes is not null && KernelSizes.Count == Filters.Count, "kernel_sizes", string.Create(CultureInfo.InvariantCulture, $"give one kernel size per layer ({Filters.Count} for filters {string.Join(", ", Filters)})."));
        Require(KernelSizes!.All(size => size >= 1), "kernel_sizes", "every kernel size must be at least 1.");
        Require(Enum.IsDefined(Activation), "activation", "use relu, gelu, elu, leaky_relu or tanh.");
        Require(Dropout >= 0 && Dropout < 1, "dropout", "use a probability from 0 (none) up to, not including, 1.");
        Require(Pool >= 1, "pool", "use 1 (no pooling) or a pooling window of 2 or more.");
        Require(Enum.IsDefined(Head), "head", "use global_average, global_max or dense.");
        Require(Enum.IsDefined(Padding), "padding", "use same or valid.");
    }

    /// <summary>A one-line description for the model card and the trial table.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{string.Join("-", Filters.Zip(KernelSizes, (filters, kernel) => $"{filters}x{kernel}"))} {Activation.ToString().ToLowerInvariant()}{(BatchNorm ? " bn" : string.Empty)}{(Pool > 1 ? $" pool{Pool}" : string.Empty)}{(Padding == ConvPadding.Valid ? " valid" : string.Empty)} drop {Dropout:0.##} {Head switch { ConvHead.Dense => "dense", ConvHead.GlobalMax => "gmp", _ => "gap" }}");
}

using StreamClassifier.Trainer.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// A binary classifier over windows shaped [N, C, L] that returns one logit per window ([N, 1]).
/// Training uses the logit with BCEWithLogits; export appends a sigmoid so the ONNX output is a probability.
/// Each network also knows how to write its own eval-mode graph, so the forward pass and the
/// exported graph are defined side by side and cannot drift apart unnoticed (parity tests hold them together).
/// </summary>
internal abstract class ClassifierNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the network.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="channels">Input channels C.</param>
    /// <param name="length">Input window length L.</param>
    protected ClassifierNetwork(string name, int channels, int length)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Channels = channels;
        Length = length;
    }

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Input window length.</summary>
    public int Length { get; }

    /// <summary>True when the graph needs a fixed window length (a Flatten feeds a dense layer).</summary>
    public virtual bool RequiresFixedLength => false;

    /// <summary>Writes the eval-mode graph from <paramref name="input"/> to the logit; returns the logit's value name ([N, 1]).</summary>
    public abstract string WriteOnnx(OnnxNetworkWriter writer, string input);

    /// <summary>Scales a base width by the width option (at least one unit).</summary>
    protected static int Scaled(int baseWidth, double widthScale) => Math.Max(1, (int)Math.Round(baseWidth * widthScale));
}

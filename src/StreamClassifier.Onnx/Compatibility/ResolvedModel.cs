using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Inspection;

namespace StreamClassifier.Onnx.Compatibility;

/// <summary>
/// A model whose topology, card and graph have been checked against each other: how to feed it and
/// how to read its output. Produced by <see cref="ModelCompatibility"/>.
/// </summary>
public sealed record ResolvedModel
{
    /// <summary>What the file declares.</summary>
    public required ModelDescription Description { get; init; }

    /// <summary>The card, when the model has one.</summary>
    public LocatedModelCard? Card { get; init; }

    /// <summary>Model name (card name, else the file's stem).</summary>
    public required string Name { get; init; }

    /// <summary>Model version (card version, else "0").</summary>
    public required string Version { get; init; }

    /// <summary>Input layout.</summary>
    public required InputLayout Layout { get; init; }

    /// <summary>Output kind.</summary>
    public required OutputKind Output { get; init; }

    /// <summary>Channels per window.</summary>
    public required int Channels { get; init; }

    /// <summary>Samples per channel.</summary>
    public required int WindowLength { get; init; }

    /// <summary>The graph's fixed batch size, or null when the batch dimension is symbolic.</summary>
    public int? FixedBatch { get; init; }

    /// <summary>Name of the graph input fed with windows.</summary>
    public required string InputName { get; init; }

    /// <summary>Name of the graph output read.</summary>
    public required string OutputName { get; init; }

    /// <summary>Values per window in the output (1 for probability/logit, 2 for softmax2).</summary>
    public int OutputColumns => Output == OutputKind.Softmax2 ? 2 : 1;

    /// <summary>True when the graph's output is 1-D ([batch]) rather than [batch, columns].</summary>
    public required bool OutputIsVector { get; init; }
}

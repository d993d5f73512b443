using StreamClassifier.Onnx.Cards;

namespace StreamClassifier.Onnx.Inspection;

/// <summary>What an ONNX model file declares, for <c>streamclassifier inspect-model</c> and for compatibility checks.</summary>
public sealed record ModelDescription
{
    /// <summary>Path of the model file, as given.</summary>
    public required string Path { get; init; }

    /// <summary>ONNX IR version.</summary>
    public required long IrVersion { get; init; }

    /// <summary>Producer (exporter) name and version, e.g. <c>pytorch 1.13.0</c>.</summary>
    public required string Producer { get; init; }

    /// <summary>Imported operator sets: domain (<c>ai.onnx</c> for the default one) → version.</summary>
    public required IReadOnlyDictionary<string, long> OperatorSets { get; init; }

    /// <summary>Graph inputs that are fed at run time (initializers listed as inputs are left out).</summary>
    public required IReadOnlyList<TensorDescription> Inputs { get; init; }

    /// <summary>Graph outputs.</summary>
    public required IReadOnlyList<TensorDescription> Outputs { get; init; }

    /// <summary>Number of nodes in the main graph.</summary>
    public required int NodeCount { get; init; }

    /// <summary>Number of values in the graph's initializers (weights), where their shapes are stored.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>The model card and its source, or null when the model has none.</summary>
    public LocatedModelCard? Card { get; init; }
}

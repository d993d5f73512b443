using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Export;
using StreamClassifier.Onnx.Streaming;
using StreamClassifier.Trainer.Networks;
using TorchSharp;

namespace StreamClassifier.Trainer.Export;

/// <summary>
/// Writes trained networks as one ONNX model: input <c>input</c> [batch, C, L] float (L symbolic unless
/// a network flattens), output <c>probability</c> [batch, 1] = P(class 1); an ensemble is the mean of
/// its members' probabilities inside the graph. The model card goes into <c>metadata_props</c> and
/// beside the file as <c>&lt;stem&gt;.card.json</c>, with the hops the graph can be streamed with
/// (<see cref="StreamableGraph"/>) when it can.
/// </summary>
internal static class OnnxModelExporter
{
    /// <summary>Name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "probability";

    /// <summary>Default-domain opset the graph targets.</summary>
    public const int OpsetVersion = 13;

    /// <summary>Builds the eval-mode graph of <paramref name="members"/> (averaged when more than one).</summary>
    public static OnnxGraphBuilder BuildGraph(IReadOnlyList<ClassifierNetwork> members, string graphName = "streamclassifier")
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("There is no network to export.", nameof(members));
        }

        var first = members[0];
        if (members.Any(m => m.Channels != first.Channels || m.Length != first.Length))
        {
            throw new ArgumentException("Ensemble members must share the input shape.", nameof(members));
        }

        var builder = new OnnxGraphBuilder(graphName, OpsetVersion)
        {
            DocString = $"{string.Join(", ", members.Select(m => m.GetName()).Distinct())} ×{members.Count}: input [batch, {first.Channels}, length] (NCL), output P(class 1).",
        };
        OnnxDim length = members.Any(m => m.RequiresFixedLength) ? first.Length : "length";
        var input = builder.Input(InputName, "batch", first.Channels, length);
        var writer = new OnnxNetworkWriter(builder);
        var probabilities = new List<string>();
        using (torch.no_grad())
        {
            for (var index = 0; index < members.Count; index++)
            {
                writer.Prefix = members.Count > 1 ? $"m{index}." : string.Empty;
                var logit = members[index].WriteOnnx(writer, input);
                probabilities.Add(writer.Sigmoid(logit, members.Count == 1 ? OutputName : null));
            }
        }

        var output = members.Count == 1 ? probabilities[0] : builder.Node("Mean", probabilities, output: OutputName);
        builder.Output(output, "batch", 1);
        return builder;
    }

    /// <summary>Writes the ONNX file (card in its metadata) and the sidecar card.</summary>
    /// <exception cref="ArgumentException">The card disagrees with the networks (layout, output, channels, length).</exception>
    public static void Export(IReadOnlyList<ClassifierNetwork> members, string path, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(card);
        if (members.Count == 0)
        {
            throw new ArgumentException("There is no network to export.", nameof(members));
        }

        var first = members[0];
        var problems = new List<string>();
        if (card.InputLayout != InputLayout.NCL)
        {
            problems.Add($"input_layout is {card.InputLayout} but the exported graph takes NCL");
        }

        if (card.Output != OutputKind.Probability)
        {
            problems.Add($"output is {card.Output} but the exported graph outputs a probability");
        }

        if (card.Channels != first.Channels)
        {
            problems.Add($"channels is {card.Channels} but the network takes {first.Channels}");
        }

        if (card.WindowLength != first.Length)
        {
            problems.Add($"window_length is {card.WindowLength} but the network was trained on {first.Length}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Model card '{card.Name}' does not describe the model being exported to {path}: {string.Join("; ", problems)}. Fix the card.", nameof(card));
        }

        // The card states the hops the exported graph streams with, judged by the same rule the worker applies.
        var builder = BuildGraph(members, card.Name);
        builder.Save(path, card with { Streaming = StreamableGraph.Analyze(builder.Build(), first.Length).ToCard() });
    }
}

using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Inspection;

namespace StreamClassifier.Onnx.Compatibility;

/// <summary>
/// Checks that a topology stream, a model card and an ONNX graph describe the same model input and
/// output, and resolves how to feed the model. Every source that states a value must agree with every
/// other; a disagreement names both values and both sources, e.g.
/// <c>window length: topology 'topologies/x.yaml' streams[0].window.size = 720, but model card 'models/ecg.card.json' window_length = 500</c>.
/// The preprocessing comparison (filters, normalisation) between card and topology lives in Core's
/// <c>TopologyModelCheck</c>; this class covers shapes, layout, output kind and sample rate.
/// </summary>
public static class ModelCompatibility
{
    /// <summary>The phrase naming a topology's stream in messages: <c>topology 'topologies/x.yaml' streams[0]</c>.</summary>
    public static string StreamSource(TopologyDefinition topology, int streamIndex)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return $"topology '{topology.FilePath ?? topology.Name}' streams[{streamIndex.ToString(CultureInfo.InvariantCulture)}]";
    }

    /// <summary>Checks <paramref name="model"/> against stream <paramref name="streamIndex"/> of <paramref name="topology"/>.</summary>
    /// <exception cref="ModelCompatibilityException">Two sources disagree, or nothing says how to feed the model.</exception>
    /// <exception cref="InvalidModelException">The graph's input or output is not a Conv1D classifier's.</exception>
    public static ResolvedModel Resolve(TopologyDefinition topology, int streamIndex, ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfNegative(streamIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(streamIndex, topology.Streams.Count);
        var stream = topology.Streams[streamIndex];
        var streamSource = StreamSource(topology, streamIndex);
        return Resolve(model, stream.Model, $"{streamSource}.model", stream, streamSource);
    }

    /// <summary>
    /// Resolves layout, output kind, channels, window length and batch size from the model's card,
    /// the declared <paramref name="declared"/> model spec, the stream it will score and the graph,
    /// checking each against the others.
    /// </summary>
    /// <param name="model">The model file's description (<see cref="ModelInspector.Describe(string)"/>).</param>
    /// <param name="declared">What the topology says about the model (layout, output), or null.</param>
    /// <param name="declaredSource">Where <paramref name="declared"/> comes from, e.g. <c>topology 'topologies/x.yaml' streams[0].model</c>.</param>
    /// <param name="stream">The stream that will feed the model, or null to check the model on its own.</param>
    /// <param name="streamSource">Where <paramref name="stream"/> comes from, e.g. <c>topology 'topologies/x.yaml' streams[0]</c>.</param>
    /// <exception cref="ModelCompatibilityException">Two sources disagree, or nothing says how to feed the model.</exception>
    /// <exception cref="InvalidModelException">The graph's input or output is not a Conv1D classifier's.</exception>
    public static ResolvedModel Resolve(ModelDescription model, ModelSpec? declared = null, string? declaredSource = null,
        StreamSpec? stream = null, string? streamSource = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        declaredSource ??= "the declared model spec";
        streamSource ??= "the stream";
        var card = model.Card;
        var graphSource = $"ONNX graph '{model.Path}'";

        var input = SingleFloatInput(model);
        var output = FirstFloatOutput(model);

        var layout = ResolveLayout(model, declared, declaredSource);
        var outputKind = ResolveOutputKind(model, declared, declaredSource);

        var channelAxis = layout == InputLayout.NCL ? 1 : 2;
        var lengthAxis = layout == InputLayout.NCL ? 2 : 1;
        var channels = ResolveSize(
            "channels", "Feed the model the channels it was trained on (the stream's channels list), or use a model trained for this stream.",
            stream is null ? null : new Claim(Count(stream.Channels.Count), $"{streamSource}.channels (count)"),
            card is null ? null : new Claim(Count(card.Card.Channels), $"{card.Source} channels"),
            GraphDim(input, channelAxis, graphSource, $"channels under input_layout {layout}"));
        var length = ResolveSize(
            "window length", "Make the stream's window.size equal to the model's window length, or use a model trained on windows of this size.",
            stream is null ? null : new Claim(Count(stream.Window.Size), $"{streamSource}.window.size"),
            card is null ? null : new Claim(Count(card.Card.WindowLength), $"{card.Source} window_length"),
            GraphDim(input, lengthAxis, graphSource, $"length under input_layout {layout}"));

        CheckSampleRate(stream, streamSource, card);
        var channelCount = channels ?? throw Unknown("channels", input, channelAxis, model, declaredSource);
        var windowLength = length ?? throw Unknown("window length", input, lengthAxis, model, declaredSource);

        CheckOutputShape(output, outputKind, graphSource, card is null ? $"{declaredSource}.output" : $"{card.Source} output");

        return new ResolvedModel
        {
            Description = model,
            Card = card,
            Name = card?.Card.Name ?? Path.GetFileNameWithoutExtension(model.Path),
            Version = card?.Card.Version ?? "0",
            Layout = layout,
            Output = outputKind,
            Channels = channelCount,
            WindowLength = windowLength,
            FixedBatch = FixedBatchOf(input, graphSource),
            InputName = input.Name,
            OutputName = output.Name,
            OutputIsVector = output.Rank == 1,
        };
    }

    private static InputLayout ResolveLayout(ModelDescription model, ModelSpec? declared, string declaredSource)
    {
        var card = model.Card;
        return ResolveKind(
            "input layout", "input_layout", "NCL or NLC",
            card is null ? null : new Claim(card.Card.InputLayout.ToString(), $"{card.Source} input_layout"),
            declared?.InputLayout is { } declaredLayout ? new Claim(declaredLayout.ToString(), $"{declaredSource}.input_layout") : null,
            model, declaredSource, Enum.Parse<InputLayout>);
    }

    private static OutputKind ResolveOutputKind(ModelDescription model, ModelSpec? declared, string declaredSource)
    {
        var card = model.Card;
        return ResolveKind(
            "output kind", "output", "probability, softmax2 or logit",
            card is null ? null : new Claim(Spell(card.Card.Output), $"{card.Source} output"),
            declared?.Output is { } declaredOutput ? new Claim(Spell(declaredOutput), $"{declaredSource}.output") : null,
            model, declaredSource, text => Enum.Parse<OutputKind>(text, ignoreCase: true));
    }

    /// <summary>A card that states a sample rate must state the stream's (to 1e-9 relative).</summary>
    private static void CheckSampleRate(StreamSpec? stream, string streamSource, LocatedModelCard? card)
    {
        if (stream is not null && card?.Card.SampleRateHz is { } cardRate && !stream.AcceptsRate(cardRate))
        {
            throw new ModelCompatibilityException(
                $"sample rate: {streamSource}.sample_rate_hz = {Number(stream.SampleRateHz)}, but {card.Source} sample_rate_hz = {Number(cardRate)}. " +
                "A model only recognises signals at the rate it was trained on: resample the sensors, fix sample_rate_hz, or use a model trained at this rate.");
        }
    }

    /// <summary>The graph's fixed batch size, or null when its batch axis is symbolic.</summary>
    private static int? FixedBatchOf(TensorDescription input, string graphSource)
    {
        if (input.Dimensions[0].Size is not { } batchSize)
        {
            return null;
        }

        if (batchSize < 1 || batchSize > int.MaxValue)
        {
            throw new InvalidModelException($"{graphSource} input '{input.Name}' has batch dimension {batchSize}; re-export it with a symbolic (dynamic) batch axis.");
        }

        return (int)batchSize;
    }

    private static TensorDescription SingleFloatInput(ModelDescription model)
    {
        if (model.Inputs.Count != 1)
        {
            throw new InvalidModelException(
                $"ONNX graph '{model.Path}' has {model.Inputs.Count} inputs ({string.Join(", ", model.Inputs)}); a window classifier takes exactly one, [batch, channels, length] or [batch, length, channels]. Re-export it with a single input.");
        }

        var input = model.Inputs[0];
        if (input.ElementType != "float")
        {
            throw new InvalidModelException($"ONNX graph '{model.Path}' input '{input.Name}' holds {input.ElementType}, but windows are float32. Re-export the model with a float input.");
        }

        if (input.Rank != 3)
        {
            throw new InvalidModelException(
                $"ONNX graph '{model.Path}' input '{input.Name}' has rank {input.Rank} ({input.ShapeText}), but a Conv1D classifier takes rank 3: [batch, channels, length] (NCL) or [batch, length, channels] (NLC). Re-export the model with a 3-D input.");
        }

        return input;
    }

    private static TensorDescription FirstFloatOutput(ModelDescription model)
    {
        if (model.Outputs.Count == 0)
        {
            throw new InvalidModelException($"ONNX graph '{model.Path}' has no output. Re-export the model.");
        }

        // Exporters sometimes add auxiliary outputs; the classifier's score is the first one by convention.
        var output = model.Outputs[0];
        if (output.ElementType != "float")
        {
            throw new InvalidModelException($"ONNX graph '{model.Path}' output '{output.Name}' holds {output.ElementType}, but a score is float32. Re-export the model with a float output.");
        }

        if (output.Rank is not (1 or 2) && output.Rank != 0)
        {
            throw new InvalidModelException(
                $"ONNX graph '{model.Path}' output '{output.Name}' has rank {output.Rank} ({output.ShapeText}), but a binary classifier outputs [batch, 1] or [batch, 2]. Flatten the head before exporting.");
        }

        return output;
    }

    private static void CheckOutputShape(TensorDescription output, OutputKind kind, string graphSource, string kindSource)
    {
        var columns = output.Rank switch
        {
            1 => (long?)1,
            2 => output.Dimensions[1].Size,
            _ => null,
        };
        var expected = kind == OutputKind.Softmax2 ? 2 : 1;
        if (columns is { } actual && actual != expected)
        {
            throw new ModelCompatibilityException(
                $"output kind: {kindSource} = {Spell(kind)} (needs shape [batch, {expected}]), but {graphSource} output '{output.Name}' has shape {output.ShapeText}. " +
                (actual == 2 ? "A two-column output is softmax2: declare output: softmax2." : "A one-column output is probability or logit: declare that, or export the two-class softmax head."));
        }
    }

    private static T ResolveKind<T>(string quantity, string key, string choices, Claim? card, Claim? declared, ModelDescription model, string declaredSource, Func<string, T> parse)
    {
        if (card is { } fromCard && declared is { } fromTopology && !string.Equals(fromCard.Value, fromTopology.Value, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelCompatibilityException(
                $"{quantity}: {fromTopology.Source} = {fromTopology.Value}, but {fromCard.Source} = {fromCard.Value}. Remove {key} from the topology (the card says how the model was trained) or fix the one that is wrong.");
        }

        var claim = card ?? declared;
        if (claim is null)
        {
            throw new ModelCompatibilityException(
                $"'{model.Path}' has no model card (no '{ModelCardReader.SidecarPath(model.Path)}' and no ONNX metadata '{ModelCard.MetadataKey}'), so nothing says its {quantity}. " +
                $"Add {key} ({choices}) to {declaredSource}, e.g. model: {{path: {model.Path}, input_layout: NCL, output: probability}}, or write the card beside the model.");
        }

        return parse(claim.Value.Value);
    }

    private static int? ResolveSize(string quantity, string fix, params Claim?[] claims)
    {
        var present = claims.Where(claim => claim is not null).Select(claim => claim!.Value).ToList();
        for (var i = 0; i < present.Count; i++)
        {
            for (var j = i + 1; j < present.Count; j++)
            {
                if (present[i].Value != present[j].Value)
                {
                    throw new ModelCompatibilityException($"{quantity}: {present[i].Source} = {present[i].Value}, but {present[j].Source} = {present[j].Value}. {fix}");
                }
            }
        }

        return present.Count == 0 ? null : int.Parse(present[0].Value, CultureInfo.InvariantCulture);
    }

    private static Claim? GraphDim(TensorDescription input, int axis, string graphSource, string meaning)
    {
        var size = input.Dimensions[axis].Size;
        if (size is null)
        {
            return null;
        }

        if (size < 1 || size > int.MaxValue)
        {
            throw new InvalidModelException($"{graphSource} input '{input.Name}' has {meaning} = {size}; re-export the model with a positive size.");
        }

        return new Claim(Count((int)size), $"{graphSource} input '{input.Name}' dim {axis.ToString(CultureInfo.InvariantCulture)} ({meaning})");
    }

    private static ModelCompatibilityException Unknown(string quantity, TensorDescription input, int axis, ModelDescription model, string declaredSource) =>
        new($"{quantity}: ONNX graph '{model.Path}' input '{input.Name}' dim {axis.ToString(CultureInfo.InvariantCulture)} is symbolic ({input.ShapeText}) and the model has no card, so nothing says the {quantity}. " +
            $"Write the card beside the model, or load it for a topology stream ({declaredSource}) so the stream's window and channels fix it.");

    private static string Spell(OutputKind kind) => kind.ToString().ToLowerInvariant();

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>One source's statement of a value.</summary>
    private readonly record struct Claim(string Value, string Source);
}

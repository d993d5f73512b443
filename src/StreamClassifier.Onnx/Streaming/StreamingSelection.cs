using System.Globalization;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Onnx.Streaming;

/// <summary>Decides whether a model is scored hop by hop, and says why not when it is not.</summary>
internal static class StreamingSelection
{
    /// <summary>The streaming scorer for <paramref name="model"/>, or null and the reason it recomputes whole windows.</summary>
    /// <exception cref="InvalidModelException">The card claims streaming the graph does not support, or a derived graph fails to load.</exception>
    public static (StreamingScorer? Scorer, string Reason) TryCreate(ResolvedModel model, OnnxScorerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var card = model.Card?.Card.Streaming;
        var plan = StreamableGraph.Analyze(OnnxModelFile.Read(model.Description.Path), model.WindowLength);
        CheckCard(model, card, plan);
        var reason = !options.Streaming ? "streaming is off (model.streaming: false, or per-window z-score normalisation, under which overlapping windows share no values)"
            : options.StreamingHop is null ? "the hop between windows is not known"
            : model.Layout != InputLayout.NCL ? "only NCL models stream"
            : model.FixedBatch is not null ? "the graph has a fixed batch size"
            : plan.CheckHop(options.StreamingHop.Value);
        if (reason is not null)
        {
            return (null, reason);
        }

        var graphs = StreamingGraphs.Create(OnnxModelFile.Read(model.Description.Path), plan, options.StreamingHop!.Value);
        var scorer = StreamingScorer.Create(model, graphs, options);
        return (scorer, string.Create(CultureInfo.InvariantCulture,
            $"streaming with hop {graphs.Hop}: {graphs.StepColumns} of {plan.FeatureColumns} feature columns per window are new, {graphs.States.Count} layers carry columns"));
    }

    private static void CheckCard(ResolvedModel model, StreamingCard? card, StreamableGraph plan)
    {
        if (card is null)
        {
            return;
        }

        var problem = plan.Reason ?? (plan.ToCard() is { } actual && actual != card
            ? string.Create(CultureInfo.InvariantCulture, $"the graph allows hops that are multiples of {actual.HopMultiple} up to {actual.MaxHop}, but the card says multiples of {card.HopMultiple} up to {card.MaxHop}")
            : null);
        if (problem is not null)
        {
            throw new InvalidModelException(
                $"{model.Card!.Source}: the card says the model streams, but {problem}. Re-export the model with the trainer, or remove 'streaming' from the card.");
        }
    }
}

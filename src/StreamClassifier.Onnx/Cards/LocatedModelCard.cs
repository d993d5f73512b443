using StreamClassifier.Core.Models;

namespace StreamClassifier.Onnx.Cards;

/// <summary>A model card and where it was read from.</summary>
/// <param name="Card">The card.</param>
/// <param name="Source">
/// Where it came from, phrased for error messages: <c>model card 'models/ecg.card.json'</c> or
/// <c>ONNX metadata 'streamclassifier.card' of 'models/ecg.onnx'</c>.
/// </param>
/// <param name="FromSidecar">True when read from the sidecar file, false when from the ONNX metadata.</param>
public sealed record LocatedModelCard(ModelCard Card, string Source, bool FromSidecar);

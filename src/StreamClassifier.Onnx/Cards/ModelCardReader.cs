using System.Globalization;
using System.Text.Json.Nodes;
using StreamClassifier.Core.Models;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Proto;

namespace StreamClassifier.Onnx.Cards;

/// <summary>
/// Finds a model's card: the sidecar <c>&lt;stem&gt;.card.json</c> beside the <c>.onnx</c> file, else the
/// ONNX metadata entry <see cref="ModelCard.MetadataKey"/>. When both exist they must say the same
/// thing; a disagreement is an error naming both sources and every field that differs.
/// </summary>
public static class ModelCardReader
{
    /// <summary>The sidecar path for a model: <c>models/ecg.onnx</c> → <c>models/ecg.card.json</c>.</summary>
    public static string SidecarPath(string onnxPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        return Path.Combine(Path.GetDirectoryName(onnxPath) ?? string.Empty, Path.GetFileNameWithoutExtension(onnxPath) + ".card.json");
    }

    /// <summary>The model's card, or null when it has neither a sidecar nor a metadata card.</summary>
    /// <exception cref="InvalidModelException">The model file is missing or not ONNX.</exception>
    /// <exception cref="ModelCardException">A card is malformed, or the sidecar and metadata cards disagree.</exception>
    public static ModelCard? TryRead(string onnxPath) => TryReadLocated(onnxPath)?.Card;

    /// <summary>The model's card with its source, or null when it has none.</summary>
    /// <exception cref="InvalidModelException">The model file is missing or not ONNX.</exception>
    /// <exception cref="ModelCardException">A card is malformed, or the sidecar and metadata cards disagree.</exception>
    public static LocatedModelCard? TryReadLocated(string onnxPath) => TryReadLocated(onnxPath, OnnxModelFile.Read(onnxPath));

    /// <summary>As <see cref="TryReadLocated(string)"/> for a model already parsed.</summary>
    internal static LocatedModelCard? TryReadLocated(string onnxPath, ModelProto model)
    {
        var sidecarPath = SidecarPath(onnxPath);
        LocatedModelCard? sidecar = null;
        if (File.Exists(sidecarPath))
        {
            var source = $"model card '{sidecarPath}'";
            sidecar = new LocatedModelCard(Validate(ModelCard.Parse(File.ReadAllText(sidecarPath), source), source), source, FromSidecar: true);
        }

        LocatedModelCard? embedded = null;
        var metadataJson = model.MetadataProps.LastOrDefault(entry => entry.Key == ModelCard.MetadataKey)?.Value;
        if (metadataJson is not null)
        {
            var source = $"ONNX metadata '{ModelCard.MetadataKey}' of '{onnxPath}'";
            embedded = new LocatedModelCard(Validate(ModelCard.Parse(metadataJson, source), source), source, FromSidecar: false);
        }

        if (sidecar is not null && embedded is not null)
        {
            var differences = Differences(sidecar.Card, embedded.Card);
            if (differences.Count > 0)
            {
                throw new ModelCardException(
                    $"The {sidecar.Source} and the {embedded.Source} disagree: {string.Join("; ", differences.Select(d => $"{d.Path}: {d.Left} vs {d.Right}"))} " +
                    $"(sidecar value first). Delete the stale one, or re-export the model so both carry the same card.");
            }
        }

        return sidecar ?? embedded;
    }

    /// <summary>Checks the values a scorer relies on; <paramref name="source"/> names the card in errors.</summary>
    private static ModelCard Validate(ModelCard card, string source)
    {
        if (string.IsNullOrWhiteSpace(card.Name))
        {
            throw new ModelCardException($"{source}: name is empty. Give the model a name.");
        }

        if (card.Channels <= 0)
        {
            throw new ModelCardException($"{source}: channels = {card.Channels}, but a model takes at least one channel. Fix channels.");
        }

        if (card.WindowLength <= 0)
        {
            throw new ModelCardException($"{source}: window_length = {card.WindowLength}, but a window has at least one sample. Fix window_length.");
        }

        if (card.SampleRateHz is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ModelCardException($"{source}: sample_rate_hz = {rate.ToString(CultureInfo.InvariantCulture)}, but a sample rate is a positive number of Hz. Fix it or leave it out.");
        }

        if (!(card.Threshold >= 0 && card.Threshold <= 1))
        {
            throw new ModelCardException($"{source}: threshold = {card.Threshold.ToString(CultureInfo.InvariantCulture)}, but it is a probability in [0, 1]. Fix threshold.");
        }

        return card;
    }

    private static List<(string Path, string Left, string Right)> Differences(ModelCard left, ModelCard right)
    {
        var differences = new List<(string, string, string)>();
        Compare(JsonNode.Parse(left.ToJson()), JsonNode.Parse(right.ToJson()), string.Empty, differences);
        return differences;
    }

    private static void Compare(JsonNode? left, JsonNode? right, string path, List<(string, string, string)> differences)
    {
        if (left is JsonObject leftObject && right is JsonObject rightObject)
        {
            foreach (var key in leftObject.Select(p => p.Key).Union(rightObject.Select(p => p.Key)))
            {
                Compare(leftObject[key], rightObject[key], path.Length == 0 ? key : $"{path}.{key}", differences);
            }

            return;
        }

        if (!JsonNode.DeepEquals(left, right))
        {
            differences.Add((path, Show(left), Show(right)));
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "(absent)";
}

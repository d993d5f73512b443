using StreamClassifier.Core.Models;

namespace StreamClassifier.Onnx.Cards;

/// <summary>Writes a model's sidecar card (<c>&lt;stem&gt;.card.json</c>).</summary>
public static class ModelCardWriter
{
    /// <summary>Writes <paramref name="card"/> beside <paramref name="onnxPath"/>; returns the card's path.</summary>
    public static string WriteSidecar(string onnxPath, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var path = ModelCardReader.SidecarPath(onnxPath);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, card.ToJson() + Environment.NewLine);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using StreamClassifier.Core.Topology;

namespace StreamClassifier.Core.Models;

/// <summary>
/// Reads and writes <see cref="NormalizationKind"/> in cards with the topology's spelling
/// (<c>zscore</c>, <c>none</c>, <c>fixed</c>), and still reads <c>z_score</c>, which cards written
/// before the spelling was fixed contain.
/// </summary>
public sealed class NormalizationKindJsonConverter : JsonConverter<NormalizationKind>
{
    /// <inheritdoc />
    public override NormalizationKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text?.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "ZSCORE" => NormalizationKind.ZScore,
            "NONE" => NormalizationKind.None,
            "FIXED" => NormalizationKind.Fixed,
            _ => throw new JsonException($"normalize is '{text}', expected zscore, none or fixed."),
        };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NormalizationKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value switch
        {
            NormalizationKind.ZScore => "zscore",
            NormalizationKind.Fixed => "fixed",
            _ => "none",
        });
    }
}

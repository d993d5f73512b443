using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamClassifier.Core.Models;

/// <summary>Reads <see cref="InputLayout"/> case-insensitively (<c>NCL</c>, <c>ncl</c>) and writes it as the model card contract spells it (docs/contracts.md) (<c>NCL</c>, <c>NLC</c>).</summary>
public sealed class InputLayoutJsonConverter : JsonConverter<InputLayout>
{
    /// <inheritdoc />
    public override InputLayout Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text?.ToUpperInvariant() switch
        {
            "NCL" => InputLayout.NCL,
            "NLC" => InputLayout.NLC,
            _ => throw new JsonException($"input_layout is '{text}', expected NCL or NLC."),
        };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, InputLayout value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value == InputLayout.NLC ? "NLC" : "NCL");
    }
}

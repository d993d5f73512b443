using System.Text.Json.Serialization;

namespace StreamClassifier.Core.Models;

/// <summary>
/// A model card's statement that the model can be scored hop by hop: every hop that is a multiple of
/// <see cref="HopMultiple"/> up to <see cref="MaxHop"/> gives the same scores as whole windows.
/// Written by the trainer from the exported graph; the worker checks the graph again before streaming.
/// </summary>
public sealed record StreamingCard
{
    /// <summary>Window samples per feature column (the product of the model's strides and poolings); every allowed hop is a multiple of it.</summary>
    [JsonPropertyName("hop_multiple")]
    public required int HopMultiple { get; init; }

    /// <summary>The largest allowed hop (the largest multiple of <see cref="HopMultiple"/> below the window length).</summary>
    [JsonPropertyName("max_hop")]
    public required int MaxHop { get; init; }

    /// <summary>True when <paramref name="hop"/> is one of the allowed hops.</summary>
    public bool Allows(int hop) => hop >= HopMultiple && hop <= MaxHop && hop % HopMultiple == 0;
}

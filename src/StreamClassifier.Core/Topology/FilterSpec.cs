using System.Globalization;
using System.Text.Json.Serialization;

namespace StreamClassifier.Core.Topology;

/// <summary>
/// One stage of a filter chain, as written in a topology or a model card. Which parameters apply
/// depends on <see cref="Kind"/>; the factory methods build valid combinations.
/// </summary>
public sealed record FilterSpec
{
    /// <summary>Filter type.</summary>
    [JsonPropertyName("kind")]
    public required FilterKind Kind { get; init; }

    /// <summary>Butterworth order (1–8); 2 for a notch.</summary>
    [JsonPropertyName("order")]
    public int Order { get; init; }

    /// <summary>Cutoff for lowpass/highpass, Hz.</summary>
    [JsonPropertyName("cutoff_hz")]
    public double? CutoffHz { get; init; }

    /// <summary>Lower band edge for bandpass/bandstop, Hz.</summary>
    [JsonPropertyName("low_hz")]
    public double? LowHz { get; init; }

    /// <summary>Upper band edge for bandpass/bandstop, Hz.</summary>
    [JsonPropertyName("high_hz")]
    public double? HighHz { get; init; }

    /// <summary>Notch centre frequency, Hz.</summary>
    [JsonPropertyName("freq_hz")]
    public double? FreqHz { get; init; }

    /// <summary>Notch quality factor.</summary>
    [JsonPropertyName("q")]
    public double? Q { get; init; }

    /// <summary>Butterworth lowpass.</summary>
    public static FilterSpec Lowpass(double cutoffHz, int order) => new() { Kind = FilterKind.Lowpass, CutoffHz = cutoffHz, Order = order };

    /// <summary>Butterworth highpass.</summary>
    public static FilterSpec Highpass(double cutoffHz, int order) => new() { Kind = FilterKind.Highpass, CutoffHz = cutoffHz, Order = order };

    /// <summary>Butterworth bandpass.</summary>
    public static FilterSpec Bandpass(double lowHz, double highHz, int order) => new() { Kind = FilterKind.Bandpass, LowHz = lowHz, HighHz = highHz, Order = order };

    /// <summary>Butterworth bandstop.</summary>
    public static FilterSpec Bandstop(double lowHz, double highHz, int order) => new() { Kind = FilterKind.Bandstop, LowHz = lowHz, HighHz = highHz, Order = order };

    /// <summary>IIR notch.</summary>
    public static FilterSpec Notch(double freqHz, double q) => new() { Kind = FilterKind.Notch, FreqHz = freqHz, Q = q, Order = 2 };

    /// <summary>A compact human-readable form, e.g. <c>bandpass 0.5–40 Hz order 4</c>.</summary>
    public override string ToString() => Kind switch
    {
        FilterKind.Lowpass or FilterKind.Highpass => string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()} {CutoffHz} Hz order {Order}"),
        FilterKind.Bandpass or FilterKind.Bandstop => string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()} {LowHz}-{HighHz} Hz order {Order}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"notch {FreqHz} Hz q {Q}"),
    };
}

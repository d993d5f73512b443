namespace StreamClassifier.Core.Topology;

/// <summary>Filter types a stream's filter chain may use.</summary>
public enum FilterKind
{
    /// <summary>Butterworth lowpass (<c>cutoff_hz</c>, <c>order</c>).</summary>
    Lowpass,

    /// <summary>Butterworth highpass (<c>cutoff_hz</c>, <c>order</c>).</summary>
    Highpass,

    /// <summary>Butterworth bandpass (<c>low_hz</c>, <c>high_hz</c>, <c>order</c>).</summary>
    Bandpass,

    /// <summary>Butterworth bandstop (<c>low_hz</c>, <c>high_hz</c>, <c>order</c>).</summary>
    Bandstop,

    /// <summary>Second-order IIR notch (<c>freq_hz</c>, <c>q</c>), as scipy's <c>iirnotch</c>.</summary>
    Notch,
}

namespace StreamClassifier.Core.Recordings;

/// <summary>One signal line of a WFDB header: where the samples are, how they are stored and how ADC units map to physical units.</summary>
/// <param name="FileName">Signal file, relative to the header's folder.</param>
/// <param name="Format">Storage format (212 or 16 are supported).</param>
/// <param name="Gain">ADC units per physical unit (WFDB's default 200 when the header gives 0).</param>
/// <param name="Baseline">ADC value of physical zero (defaults to <paramref name="AdcZero"/>).</param>
/// <param name="Units">Physical units, e.g. <c>mV</c>.</param>
/// <param name="AdcResolution">ADC resolution in bits.</param>
/// <param name="AdcZero">ADC value of the middle of the ADC range.</param>
/// <param name="InitialValue">The first sample's ADC value, as the header states it (null when the header omits it).</param>
/// <param name="Checksum">16-bit sum of all samples, as the header states it (null when omitted).</param>
/// <param name="Description">Signal description (the lead name for MIT-BIH, e.g. <c>MLII</c>).</param>
public sealed record WfdbSignal(
    string FileName,
    int Format,
    double Gain,
    int Baseline,
    string Units,
    int AdcResolution,
    int AdcZero,
    int? InitialValue,
    int? Checksum,
    string Description);

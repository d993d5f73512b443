using System.Globalization;
using StreamClassifier.Core.Recordings;

namespace StreamClassifier.Core.Ecg;

/// <summary>
/// One MIT-BIH record reduced to what the ventricular models see: lead MLII (found by its signal
/// name, so record 114, which stores its leads in the other order, gives MLII too) and the AAMI-classified
/// reference beats.
/// </summary>
public sealed class EcgRecording
{
    /// <summary>The lead every ventricular model reads.</summary>
    public const string Lead = "MLII";

    private EcgRecording(string name, int leadChannel, double sampleRateHz, double[] signal, IReadOnlyList<ClassifiedBeat> beats)
    {
        Name = name;
        LeadChannel = leadChannel;
        SampleRateHz = sampleRateHz;
        Signal = signal;
        Beats = beats;
    }

    /// <summary>Record name.</summary>
    public string Name { get; }

    /// <summary>The record channel holding MLII (0 in every record but 114).</summary>
    public int LeadChannel { get; }

    /// <summary>Sample rate, Hz.</summary>
    public double SampleRateHz { get; }

    /// <summary>MLII in physical units (mV), raw.</summary>
    public double[] Signal { get; }

    /// <summary>AAMI-classified reference beats in time order.</summary>
    public IReadOnlyList<ClassifiedBeat> Beats { get; }

    /// <summary>Reads record <paramref name="name"/> from <paramref name="folder"/>.</summary>
    /// <exception cref="WfdbFormatException">The record or its annotations are missing or malformed, or it has no MLII lead.</exception>
    public static EcgRecording Read(string folder, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.Combine(folder, name);
        if (!File.Exists(path + ".hea") || !File.Exists(path + ".atr"))
        {
            throw new WfdbFormatException($"{path}.hea/.atr: MIT-BIH record '{name}' (with its .atr annotations) was not found in {folder}. Point the data folder option at the folder that holds the MIT-BIH records.");
        }

        var record = WfdbRecord.Read(path);
        var lead = Array.IndexOf(record.SignalNames, Lead);
        if (lead < 0)
        {
            throw new WfdbFormatException($"{record.Header.Path}: record {name} has no {Lead} lead (signals: {string.Join(", ", record.SignalNames)}); the ventricular models read {Lead}.");
        }

        var signal = new double[record.SampleCount];
        for (var row = 0; row < signal.Length; row++)
        {
            signal[row] = record.Physical[(row * record.Channels) + lead];
        }

        var annotations = WfdbAnnotations.Read(path + ".atr");
        return new EcgRecording(name, lead, record.SampleRateHz, signal, ClassifiedBeat.From(annotations)) { Annotations = annotations };
    }

    /// <summary>Every reference annotation (beats and non-beats), as read.</summary>
    public IReadOnlyList<BeatAnnotation> Annotations { get; private init; } = [];

    /// <summary>A copy with <paramref name="signal"/> in place of the lead (e.g. with noise added); the beats are the same.</summary>
    public EcgRecording WithSignal(double[] signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Length != Signal.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The replacement signal has {signal.Length} samples, record {Name} {Signal.Length}."), nameof(signal));
        }

        return new EcgRecording(Name, LeadChannel, SampleRateHz, signal, Beats) { Annotations = Annotations };
    }
}

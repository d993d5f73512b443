namespace StreamClassifier.Trainer.Data.Ecg;

/// <summary>How many beat-centred and background windows a record gives (<see cref="BeatCentredWindows"/>).</summary>
internal sealed record BeatSampling
{
    /// <summary>Windows per V beat, each with its own jitter (oversampling the rare class).</summary>
    public int VentricularCopies { get; init; } = 2;

    /// <summary>Fraction of the non-V beats that give a window (a random subset; the rest are mostly alike normal beats).</summary>
    public double OtherBeatFraction { get; init; } = 1;

    /// <summary>Random background windows per beat.</summary>
    public double BackgroundPerBeat { get; init; } = 0.5;

    /// <summary>Fraction of windows cut from a noisy copy of the record (nstdb noise at a random SNR); 0 = clean only.</summary>
    public double NoiseFraction { get; init; }

    /// <summary>Lowest SNR (dB, nst's definition) of the noisy copy.</summary>
    public double NoiseMinSnrDb { get; init; } = 6;

    /// <summary>Highest SNR (dB) of the noisy copy.</summary>
    public double NoiseMaxSnrDb { get; init; } = 24;

    /// <summary>
    /// When set, a window is labelled V only if the V beat nearest its centre lies at most this many samples from
    /// the centre (<see cref="Core.Ecg.BeatMapping.NearestBeatIsVentricular"/>); null labels by the nearest beat at any distance.
    /// </summary>
    public int? LabelRadius { get; init; }

    /// <summary>At most this many beats per record (a random subset), or null for all (smoke runs use a few).</summary>
    public int? MaxBeatsPerRecord { get; init; }
}

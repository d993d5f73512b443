using StreamClassifier.Core.Topology;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.Ecg;

namespace StreamClassifier.Trainer.Training;

/// <summary>What an inter-patient ECG training run reads, how it cuts windows and where it writes.</summary>
internal sealed record EcgTrainingPlan
{
    /// <summary>The MIT-BIH folder.</summary>
    public required string DataDir { get; init; }

    /// <summary>Window size and the stream's hop.</summary>
    public required WindowSpec Window { get; init; }

    /// <summary>Windows per beat.</summary>
    public BeatSampling Sampling { get; init; } = new();

    /// <summary>Records whose windows fit the weights.</summary>
    public required IReadOnlyList<string> TrainRecords { get; init; }

    /// <summary>Records for checkpoint and threshold.</summary>
    public required IReadOnlyList<string> ValidationRecords { get; init; }

    /// <summary>Records measured once for the card (may be empty).</summary>
    public required IReadOnlyList<string> TestRecords { get; init; }

    /// <summary>nstdb folder for noise augmentation (used when <see cref="BeatSampling.NoiseFraction"/> &gt; 0).</summary>
    public string? NoiseDirectory { get; init; }

    /// <summary>Noise records whose second half augments training (the noise stress test replays them from the start).</summary>
    public IReadOnlyList<string> NoiseRecords { get; init; } = ["bw", "ma"];

    /// <summary>The ONNX file to write.</summary>
    public required string Output { get; init; }

    /// <summary>The command line, for the card.</summary>
    public string? Command { get; init; }

    /// <summary>The filter chain: the worker's ECG stream (0.5–40 Hz order-4 Butterworth bandpass, 60 Hz notch q 30).</summary>
    public IReadOnlyList<FilterSpec> Filters { get; init; } = [FilterSpec.Bandpass(0.5, 40, 4), FilterSpec.Notch(60, 30)];

    /// <summary>MIT-BIH's sample rate.</summary>
    public double SampleRateHz { get; init; } = 360;

    /// <summary>Rejects plans that would leak test patients into choices or cannot run.</summary>
    /// <exception cref="DatasetFormatException">The message says which option to fix.</exception>
    public void Validate()
    {
        if (TrainRecords.Count == 0 || ValidationRecords.Count == 0)
        {
            throw new DatasetFormatException("--train-records and --validation-records must each name at least one record.");
        }

        var overlap = TrainRecords.Intersect(ValidationRecords).Concat(TrainRecords.Intersect(TestRecords)).Concat(ValidationRecords.Intersect(TestRecords)).ToList();
        if (overlap.Count > 0)
        {
            throw new DatasetFormatException($"record(s) {string.Join(", ", overlap.Distinct())} appear in more than one of --train-records, --validation-records, --test-records; a patient belongs to one part only.");
        }

        if (Window.Size < 16 || Window.Hop < 1 || Window.Hop > Window.Size)
        {
            throw new DatasetFormatException($"--window {Window.Size} --hop {Window.Hop}: the window needs at least 16 samples and a hop between 1 and the window size.");
        }

        if (Sampling.LabelRadius is { } radius && radius < Window.Hop / 2)
        {
            throw new DatasetFormatException($"--label-radius {radius} is below half the hop ({Window.Hop / 2}): a beat's deciding window can be centred that far from it, so some V beats' own windows would be labelled not V; use at least {Window.Hop / 2}.");
        }
    }
}

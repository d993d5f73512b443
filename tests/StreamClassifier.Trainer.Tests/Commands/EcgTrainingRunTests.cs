using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Topology;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Data.Ecg;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Commands;

/// <summary>A short inter-patient training run (a few records, one epoch): it runs end to end, and the same seed gives the same model.</summary>
public sealed class EcgTrainingRunTests
{
    private static readonly TrainingOptions Quick = new()
    {
        Architecture = Architecture.BeatNet,
        WidthScale = 0.25,
        Epochs = 1,
        BatchSize = 64,
        Seed = 5,
        Threads = 1,
    };

    [SkippableFact]
    public void A_smoke_run_writes_a_card_with_the_protocol_and_the_same_seed_reproduces_the_model()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        using var scratch = new ScratchDirectory("ecg-train-");
        // The file name is the model's name in its card, so both runs write ecg.onnx, in two folders.
        var first = Plan(Path.Combine(scratch.Path, "a", "ecg.onnx"));
        var second = first with { Output = Path.Combine(scratch.Path, "b", "ecg.onnx") };

        EcgTrainingRun.Run(first, Quick, TextWriter.Null);
        EcgTrainingRun.Run(second, Quick, TextWriter.Null);

        Assert.Equal(File.ReadAllBytes(first.Output), File.ReadAllBytes(second.Output));
        var card = ModelCard.Parse(File.ReadAllText(Path.Combine(scratch.Path, "a", "ecg.card.json")), "ecg.card.json");
        Assert.Equal(InterPatientSplit.Protocol, card.Training!.Protocol);
        Assert.Equal(["208"], card.Training.TrainRecords);
        Assert.Equal(["119"], card.Training.ValidationRecords);
        Assert.Equal(["233"], card.Training.TestRecords);
        Assert.Equal(40, card.Preprocessing.WindowHop);
        Assert.InRange(card.Threshold, 0, 1);
        Assert.True(card.Metrics.ContainsKey("validation_v_f1"));
        Assert.Equal(card.Metrics["v_true_positives"] + card.Metrics["v_false_negatives"], EcgRecording.Read(SharedPaths.Datasets("mitbih"), "233").Beats.Count(beat => beat.Class == AamiClass.V));
    }

    [Fact]
    public void A_patient_in_two_parts_is_refused()
    {
        var plan = Plan("unused.onnx") with { ValidationRecords = ["208"] };
        var error = Assert.Throws<DatasetFormatException>(plan.Validate);
        Assert.Contains("208", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_radius_below_half_the_hop_is_refused_with_the_smallest_allowed_value()
    {
        var plan = Plan("unused.onnx") with { Sampling = new BeatSampling { LabelRadius = 19 } };
        var error = Assert.Throws<DatasetFormatException>(plan.Validate);
        Assert.Contains("--label-radius 19", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 20", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Training_windows_are_labelled_by_the_beat_nearest_their_centre()
    {
        DataRequirement.Require(DataRequirement.MitBih);
        var recording = EcgRecording.Read(SharedPaths.Datasets("mitbih"), "208");
        var preprocessor = new Dsp.Preprocessing.RecordingPreprocessor([FilterSpec.Bandpass(0.5, 40, 4)], 360, new WindowSpec(720, 40), NormalizationSpec.ZScore, 1);
        var values = new List<float>();
        var labels = new List<int>();
        var sampling = new BeatSampling { VentricularCopies = 1, OtherBeatFraction = 1, BackgroundPerBeat = 0, MaxBeatsPerRecord = 200 };

        BeatCentredWindows.Cut(recording, preprocessor.Filter(recording.Signal), null, preprocessor, sampling, new Random(1), values, labels);

        // No background windows and jitter within ± hop/2: every window's label is its own beat's class.
        Assert.Equal(200 * 720, values.Count);
        Assert.InRange(labels.Count(label => label == 1), 1, 199);
    }

    private static EcgTrainingPlan Plan(string output) => new()
    {
        DataDir = SharedPaths.Datasets("mitbih"),
        Window = new WindowSpec(720, 40),
        Sampling = new BeatSampling { MaxBeatsPerRecord = 150 },
        TrainRecords = ["208"],
        ValidationRecords = ["119"],
        TestRecords = ["233"],
        Output = output,
    };
}

using System.Globalization;
using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Preprocessing;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Data.Ecg;
using StreamClassifier.Trainer.Evaluation.Ecg;
using StreamClassifier.Trainer.Export;

namespace StreamClassifier.Trainer.Training;

/// <summary>
/// One inter-patient ECG training run: beat-centred windows of the training records → network
/// (checkpoint by validation loss) → ONNX → threshold by beat-level V F1 on the validation records,
/// scored by the exported model over the stream's own windows → test records measured once → card.
/// </summary>
internal static class EcgTrainingRun
{
    /// <summary>Runs <paramref name="plan"/>; returns a one-line summary of the figures.</summary>
    public static string Run(EcgTrainingPlan plan, TrainingOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var invariant = CultureInfo.InvariantCulture;
        var preprocessor = new RecordingPreprocessor(plan.Filters, plan.SampleRateHz, plan.Window, NormalizationSpec.ZScore, 1);
        var noises = plan.Sampling.NoiseFraction > 0 ? NoiseHalves(plan) : [];
        var train = EcgTrainingSet.Build(plan.DataDir, plan.TrainRecords, preprocessor, plan.Sampling, options.Seed, noises);
        var validation = EcgTrainingSet.Build(plan.DataDir, plan.ValidationRecords, preprocessor, plan.Sampling with { NoiseFraction = 0 }, unchecked(options.Seed + 1), []);
        log.WriteLine(string.Create(invariant, $"windows: train {train.Count} ({train.PositiveCount} V) from {string.Join(", ", plan.TrainRecords)}; validation {validation.Count} ({validation.PositiveCount} V) from {string.Join(", ", plan.ValidationRecords)}"));

        using var model = EpochProgress.Run("ecg", options.Epochs, progress => ModelTrainer.Train(train, validation, options with { Progress = progress }));
        var name = Path.GetFileNameWithoutExtension(plan.Output);
        var provisional = Card(name, plan, options, 0.5, new Dictionary<string, double>());
        var directory = Path.GetDirectoryName(Path.GetFullPath(plan.Output))!;
        Directory.CreateDirectory(directory);
        model.ExportOnnx(plan.Output, provisional);

        double threshold;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var scorer = OnnxWindowScorer.Load(plan.Output))
        {
            var validationScores = plan.ValidationRecords.Select(record => RecordScores.Of(EcgRecording.Read(plan.DataDir, record), preprocessor, scorer)).ToList();
            threshold = BeatThreshold.BestF1(validationScores);
            var validationCounts = Sum(validationScores, threshold);
            AddMetrics(metrics, "validation_", validationCounts);
            log.WriteLine(string.Create(invariant, $"threshold {threshold:0.####} (best beat-level V F1 on validation): {Describe(validationCounts)}"));
            if (plan.TestRecords.Count > 0)
            {
                var testScores = plan.TestRecords.Select(record => RecordScores.Of(EcgRecording.Read(plan.DataDir, record), preprocessor, scorer)).ToList();
                foreach (var record in testScores)
                {
                    log.WriteLine($"  test {record.Record}: {Describe(record.CountAt(threshold))}");
                }

                var testCounts = Sum(testScores, threshold);
                AddMetrics(metrics, string.Empty, testCounts);
                log.WriteLine($"test (measured once): {Describe(testCounts)}");
            }
        }

        model.ExportOnnx(plan.Output, Card(name, plan, options, threshold, metrics));
        log.WriteLine($"wrote {plan.Output} and {Path.ChangeExtension(plan.Output, ".card.json")}");
        var summary = string.Create(invariant, $"threshold {threshold:0.####}, validation V F1 {metrics["validation_v_f1"]:0.###}");
        return metrics.TryGetValue("v_f1", out var f1) ? summary + string.Create(invariant, $", test V F1 {f1:0.###}") : summary;
    }

    /// <summary>Describes beat counts as Se, +P, F1 and the raw counts.</summary>
    public static string Describe(BeatCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return string.Create(CultureInfo.InvariantCulture, $"V Se {counts.Sensitivity:0.000} +P {counts.PositivePredictivity:0.000} F1 {counts.F1:0.000} (TP {counts.TruePositives}, FP {counts.FalsePositives}, FN {counts.FalseNegatives})");
    }

    // The second half of each noise record's first signal: the noise stress test adds the records from their start.
    private static List<double[]> NoiseHalves(EcgTrainingPlan plan)
    {
        var folder = plan.NoiseDirectory ?? throw new ArgumentException("Noise augmentation (--noise-fraction > 0) needs the nstdb folder (--nstdb).");
        var halves = new List<double[]>();
        foreach (var name in plan.NoiseRecords)
        {
            var record = WfdbRecord.Read(Path.Combine(folder, name));
            var half = record.SampleCount / 2;
            var noise = new double[record.SampleCount - half];
            for (var row = 0; row < noise.Length; row++)
            {
                noise[row] = record.Physical[(half + row) * record.Channels];
            }

            halves.Add(noise);
        }

        return halves;
    }

    private static BeatCounts Sum(IEnumerable<RecordScores> records, double threshold) =>
        records.Aggregate(BeatCounts.Empty, (sum, record) => sum + record.CountAt(threshold));

    private static void AddMetrics(Dictionary<string, double> metrics, string prefix, BeatCounts counts)
    {
        metrics[prefix + "v_sensitivity"] = counts.Sensitivity;
        metrics[prefix + "v_positive_predictivity"] = counts.PositivePredictivity;
        metrics[prefix + "v_f1"] = counts.F1;
        metrics[prefix + "v_false_positive_rate"] = counts.FalsePositiveRate;
        metrics[prefix + "v_true_positives"] = counts.TruePositives;
        metrics[prefix + "v_false_positives"] = counts.FalsePositives;
        metrics[prefix + "v_false_negatives"] = counts.FalseNegatives;
        metrics[prefix + "beats"] = counts.Total.Sum();
    }

    private static ModelCard Card(string name, EcgTrainingPlan plan, TrainingOptions options, double threshold, IReadOnlyDictionary<string, double> metrics) => new()
    {
        Name = name,
        Version = "2",
        InputLayout = InputLayout.NCL,
        Channels = 1,
        WindowLength = plan.Window.Size,
        SampleRateHz = plan.SampleRateHz,
        Preprocessing = new PreprocessingCard { Filters = plan.Filters, WindowHop = plan.Window.Hop, Normalize = NormalizationKind.ZScore },
        Output = OutputKind.Probability,
        Threshold = threshold,
        Training = new TrainingCard
        {
            Data = string.Create(CultureInfo.InvariantCulture, $"MIT-BIH Arrhythmia Database (PhysioNet mitdb 1.0.0, ODC-By 1.0), lead {EcgRecording.Lead} (found by name; record 114 stores it second), {plan.SampleRateHz} Hz, windows of {plan.Window.Size} samples every {plan.Window.Hop}"),
            Split = "by patient: weights fitted on train_records, checkpoint (validation loss) and threshold (best beat-level V F1) chosen on validation_records, test_records measured once; metrics without prefix are on test_records, validation_* on validation_records; beat level: every annotated beat is decided by the window whose centre (start + (size-1)/2) is nearest to it, ties to the earlier window",
            LabelMapping = new Dictionary<string, int>(StringComparer.Ordinal) { ["beat nearest the window centre is not V"] = 0, ["beat nearest the window centre is V (AAMI V: V, E)"] = 1 },
            Architecture = string.Create(CultureInfo.InvariantCulture, $"{options.Architecture} (width x{options.WidthScale:0.##}, ensemble of {options.EnsembleSize}, max epochs {options.Epochs}, batch {options.BatchSize}, lr {options.LearningRate:0.#####}, patience {options.Patience}, class weights {(options.ClassWeights ? "on" : "off")})"),
            LabelRule = string.Create(CultureInfo.InvariantCulture, $"training windows centred on reference beats with a jitter of ± {plan.Window.Hop / 2} samples (every V beat {plan.Sampling.VentricularCopies}×, a random {plan.Sampling.OtherBeatFraction:0.##} of the other beats once), plus {plan.Sampling.BackgroundPerBeat:0.##} random windows per beat; {plan.Sampling.NoiseFraction:0.##} of the windows cut from a copy of the record with nstdb noise ({string.Join(", ", plan.NoiseRecords)}, second half) at {plan.Sampling.NoiseMinSnrDb:0.#}–{plan.Sampling.NoiseMaxSnrDb:0.#} dB; 1 = the AAMI beat nearest the window's centre is V{(plan.Sampling.LabelRadius is { } radius ? $" and at most {radius} samples from it" : string.Empty)}"),
            Seed = options.Seed,
            Protocol = InterPatientSplit.Protocol,
            TrainRecords = plan.TrainRecords,
            ValidationRecords = plan.ValidationRecords,
            TestRecords = plan.TestRecords,
            Command = plan.Command,
        },
        Metrics = metrics,
    };
}

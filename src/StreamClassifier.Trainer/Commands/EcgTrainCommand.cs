using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Preprocessing;
using StreamClassifier.Trainer.Data.Ecg;
using StreamClassifier.Trainer.Data.MitBih;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Commands;

/// <summary>
/// <c>ecg-train</c>: the inter-patient ventricular-beat model. Trains on DS1 records only (minus the
/// validation records), chooses the checkpoint by validation loss and the threshold by beat-level V F1
/// on the validation records, then measures DS2 once and writes the ONNX model with a card that states
/// the protocol, the records of each part and the figures.
/// </summary>
internal static class EcgTrainCommand
{
    private static readonly BeatSampling Defaults = new();

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var shared = TrainerOptions.Create(Architecture.BeatNet, epochs: 6, batchSize: 64, learningRate: 1e-3, patience: 2, width: 1);
        var window = new Option<int>("--window") { Description = "Window length in samples at 360 Hz (2 s gives RR context on both sides).", DefaultValueFactory = _ => 720 };
        var hop = new Option<int>("--hop") { Description = "Hop of the stream's windows in samples; training windows are jittered by ± half of it.", DefaultValueFactory = _ => 40 };
        var copies = new Option<int>("--v-copies") { Description = "Jittered windows per V beat (oversampling).", DefaultValueFactory = _ => Defaults.VentricularCopies };
        var others = new Option<double>("--other-fraction") { Description = "Fraction of non-V beats that give a training window.", DefaultValueFactory = _ => Defaults.OtherBeatFraction };
        var noiseFraction = new Option<double>("--noise-fraction") { Description = "Fraction of training windows cut from a copy of the record with nstdb noise (bw or ma, second half) at 6–24 dB SNR.", DefaultValueFactory = _ => 0.5 };
        var background = new Option<double>("--background") { Description = "Random background windows per beat.", DefaultValueFactory = _ => Defaults.BackgroundPerBeat };
        var radius = new Option<int>("--label-radius") { Description = "Label a window V only when the V beat nearest its centre is at most this many samples away (0 = at any distance).", DefaultValueFactory = _ => 0 };
        var maxBeats = new Option<int>("--max-beats") { Description = "Use at most this many beats per record (0 = all; smoke runs).", DefaultValueFactory = _ => 0 };
        var train = new Option<string>("--train-records") { Description = "Comma-separated training records (default: DS1 minus the validation records).", DefaultValueFactory = _ => string.Join(',', InterPatientSplit.Training) };
        var validation = new Option<string>("--validation-records") { Description = "Comma-separated DS1 records for checkpoint and threshold.", DefaultValueFactory = _ => string.Join(',', InterPatientSplit.Validation) };
        var test = new Option<string>("--test-records") { Description = "Comma-separated test records measured once for the card ('none' to skip).", DefaultValueFactory = _ => string.Join(',', InterPatientSplit.Ds2) };
        var output = new Option<string>("--output", "-o") { Description = "ONNX file to write; the card goes beside it.", DefaultValueFactory = _ => "models/ecg-pvc.onnx" };

        var command = new Command("ecg-train", "Train the ventricular-beat ECG model on MIT-BIH DS1 (inter-patient protocol), validate on held-out DS1 records, measure DS2 once.");
        shared.AddTo(command);
        foreach (var option in new Option[] { window, hop, copies, others, noiseFraction, background, radius, maxBeats, train, validation, test, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandErrors.Guard(() =>
        {
            var options = shared.TrainingOptions(parse);
            var plan = new EcgTrainingPlan
            {
                DataDir = Path.Combine(parse.GetValue(shared.DataRoot)!, "mitbih"),
                NoiseDirectory = Path.Combine(parse.GetValue(shared.DataRoot)!, "nstdb"),
                Window = new WindowSpec(parse.GetValue(window), parse.GetValue(hop)),
                Sampling = new BeatSampling
                {
                    VentricularCopies = parse.GetValue(copies),
                    OtherBeatFraction = parse.GetValue(others),
                    BackgroundPerBeat = parse.GetValue(background),
                    NoiseFraction = parse.GetValue(noiseFraction),
                    LabelRadius = parse.GetValue(radius) > 0 ? parse.GetValue(radius) : null,
                    MaxBeatsPerRecord = parse.GetValue(maxBeats) > 0 ? parse.GetValue(maxBeats) : null,
                },
                TrainRecords = Records(parse.GetValue(train)!),
                ValidationRecords = Records(parse.GetValue(validation)!),
                TestRecords = Records(parse.GetValue(test)!),
                Output = parse.GetValue(output)!,
                Command = "streamclassifier-train ecg-train " + string.Join(' ', Environment.GetCommandLineArgs().Skip(2)),
            };
            plan.Validate();
            var clock = Stopwatch.StartNew();
            var result = EcgTrainingRun.Run(plan, options, Console.Out);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalMinutes:0.0} min: {result}"));
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<string> Records(string list) =>
        string.Equals(list, "none", StringComparison.OrdinalIgnoreCase) ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

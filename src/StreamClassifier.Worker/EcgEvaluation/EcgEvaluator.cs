using System.Globalization;
using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Recordings;
using StreamClassifier.Core.Topology;
using StreamClassifier.Pipeline.Alerts;
using StreamClassifier.Worker.Models;

namespace StreamClassifier.Worker.EcgEvaluation;

/// <summary>What <see cref="EcgEvaluator"/> evaluates.</summary>
internal sealed record EcgEvaluationOptions
{
    /// <summary>The topology whose ECG stream (sensors <c>ecg-&lt;record&gt;</c>) is evaluated.</summary>
    public required string TopologyPath { get; init; }

    /// <summary>MIT-BIH folder.</summary>
    public required string MitBihDirectory { get; init; }

    /// <summary>Records to replay.</summary>
    public required IReadOnlyList<string> Records { get; init; }

    /// <summary>nstdb folder (noise records); needed when <see cref="NoiseRecords"/> is not empty.</summary>
    public string? NoiseDirectory { get; init; }

    /// <summary>Noise records to add (e.g. bw, ma); empty for the clean run only.</summary>
    public IReadOnlyList<string> NoiseRecords { get; init; } = [];

    /// <summary>Also replay the clean scores through the candidate alert policies (<see cref="AlertPolicySweep"/>).</summary>
    public bool SweepAlertPolicies { get; init; }

    /// <summary>SNRs in dB, nst's definition.</summary>
    public IReadOnlyList<double> SnrDb { get; init; } = [24, 18, 12, 6, 0];
}

/// <summary>
/// Replays MIT-BIH records (lead MLII) through the worker's own pipeline for the topology's ECG stream and
/// scores the result at beat level (<see cref="BeatMapping"/>), window level and alert level, clean and with
/// nstdb noise added (<see cref="NoiseStress"/>).
/// </summary>
internal static class EcgEvaluator
{
    /// <summary>Runs the evaluation; progress lines go to <paramref name="log"/>.</summary>
    /// <exception cref="WfdbFormatException">A record is missing or malformed.</exception>
    /// <exception cref="TopologyException">The topology is invalid or has no stream for <c>ecg-*</c> sensors.</exception>
    public static EcgEvaluationResult Run(EcgEvaluationOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var topology = TopologyLoader.Load(options.TopologyPath);
        var probe = "ecg-" + (options.Records.Count > 0 ? options.Records[0] : "100");
        var stream = topology.FindStream(probe)
            ?? throw new TopologyException($"{options.TopologyPath}: no stream rule matches sensor '{probe}'; the ECG evaluation replays records as sensors ecg-<record>.");
        using var scorers = TopologyScorers.Load(topology);
        var scorer = scorers.ByStream[stream.Name];
        var policy = AlertPolicySettings.Resolve(stream.Alert, scorer.Card, stream.Name);
        var threshold = policy.Threshold;
        var recordings = options.Records.Select(name => EcgRecording.Read(options.MitBihDirectory, name)).ToList();

        EcgConditionResult Condition(string name, Func<EcgRecording, double[]> signalOf)
        {
            var results = new List<RecordEvaluation>();
            foreach (var recording in recordings)
            {
                var replay = PipelineReplay.Run(topology, scorers.ByStream, "ecg-" + recording.Name, signalOf(recording), recording.SampleRateHz);
                results.Add(RecordEvaluation.Of(recording, replay, stream.Window.Size, threshold));
            }

            var condition = new EcgConditionResult(name, results);
            var beats = condition.Beats;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} V Se {beats.Sensitivity:0.000} +P {beats.PositivePredictivity:0.000} F1 {beats.F1:0.000}; episodes {condition.Detection.EpisodesDetected}/{condition.Detection.EpisodesTotal}, false alerts/h {condition.Detection.FalseAlertsPerHour:0.0}"));
            return condition;
        }

        var clean = Condition("clean", recording => recording.Signal);
        var noisy = new List<EcgConditionResult>();
        foreach (var noiseName in options.NoiseRecords)
        {
            var noise = ReadNoise(options.NoiseDirectory ?? throw new ArgumentException("The noise stress test needs the nstdb folder (--nstdb)."), noiseName);
            foreach (var snr in options.SnrDb)
            {
                noisy.Add(Condition(
                    string.Create(CultureInfo.InvariantCulture, $"{noiseName} {snr:0.#} dB"),
                    recording => NoiseStress.AddNoise(recording.Signal, recording.Beats, noise, recording.SampleRateHz, snr)));
            }
        }

        return new EcgEvaluationResult($"{scorer.ModelName} v{scorer.ModelVersion}", options.TopologyPath, threshold, stream.Window.Size, stream.Window.Hop, clean, noisy)
        {
            PolicySweep = options.SweepAlertPolicies ? AlertPolicySweep.Run(clean.Records, policy, stream.Window.Size) : [],
        };
    }

    // The first signal of the noise record (nst pairs clean signal 0 with noise signal 0).
    private static double[] ReadNoise(string folder, string name)
    {
        var record = WfdbRecord.Read(Path.Combine(folder, name));
        var noise = new double[record.SampleCount];
        for (var row = 0; row < noise.Length; row++)
        {
            noise[row] = record.Physical[row * record.Channels];
        }

        return noise;
    }
}

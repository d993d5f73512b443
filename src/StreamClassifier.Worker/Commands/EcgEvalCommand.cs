using System.CommandLine;
using System.Globalization;
using StreamClassifier.Core.Ecg;
using StreamClassifier.Worker.EcgEvaluation;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier ecg-eval</c>: replays MIT-BIH records through the worker's own pipeline for an ECG
/// topology and reports beat-level (fixed mapping), window-level and alert-level figures, optionally under
/// nstdb noise, as Markdown and JSON (docs/ecg-results.md).
/// </summary>
internal static class EcgEvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = new Option<string>("--topology", "-t") { Description = "Topology YAML with a stream rule for sensors ecg-<record>.", DefaultValueFactory = _ => "topologies/ecg-demo.yaml" };
        var data = new Option<string>("--mitbih") { Description = "Folder of the MIT-BIH Arrhythmia Database records (.hea, .dat, .atr).", DefaultValueFactory = _ => DefaultData("mitbih") };
        var records = new Option<string>("--records") { Description = "Comma-separated records, or ds1, ds2, validation (the held-out DS1 records).", DefaultValueFactory = _ => "ds2" };
        var nstdb = new Option<string>("--nstdb") { Description = "Folder of the MIT-BIH Noise Stress Test Database records (bw, ma).", DefaultValueFactory = _ => DefaultData("nstdb") };
        var noise = new Option<string>("--noise") { Description = "Comma-separated noise records to add at each SNR (e.g. bw,ma), or none.", DefaultValueFactory = _ => "none" };
        var snr = new Option<string>("--snr") { Description = "Comma-separated SNRs in dB (nst's definition).", DefaultValueFactory = _ => "24,18,12,6,0" };
        var sweep = new Option<bool>("--sweep-alert-policies") { Description = "Also replay the scores through candidate alert policies (choose one on validation records, never on test)." };
        var output = new Option<string>("--output", "-o") { Description = "Report path without extension: writes <path>.md and <path>.json.", DefaultValueFactory = _ => "out/ecg-eval" };
        var command = new Command("ecg-eval", "Evaluate an ECG topology's model on MIT-BIH records through the worker's pipeline: beat-level V Se/+P/F1, window AUC, episodes alerted and false alerts per hour, noise stress.")
        {
            topology, data, records, nstdb, noise, snr, sweep, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var options = new EcgEvaluationOptions
            {
                TopologyPath = parse.GetValue(topology)!,
                MitBihDirectory = parse.GetValue(data)!,
                Records = Records(parse.GetValue(records)!),
                NoiseDirectory = parse.GetValue(nstdb),
                NoiseRecords = List(parse.GetValue(noise)!).Where(name => !string.Equals(name, "none", StringComparison.OrdinalIgnoreCase)).ToList(),
                SweepAlertPolicies = parse.GetValue(sweep),
                SnrDb = [.. List(parse.GetValue(snr)!).Select(SnrDb)],
            };
            var result = EcgEvaluator.Run(options, Console.Out);
            var path = parse.GetValue(output)!;
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(directory!);
            File.WriteAllText(path + ".md", EcgEvaluationReport.ToMarkdown(result));
            File.WriteAllText(path + ".json", EcgEvaluationReport.ToJson(result));
            Console.WriteLine($"wrote {path}.md and {path}.json");
            return CommandErrors.Success;
        }));
        return command;
    }

    /// <summary>Record names from a list or a set name (ds1, ds2, validation).</summary>
    public static IReadOnlyList<string> Records(string value) => value.ToLowerInvariant() switch
    {
        "ds1" => InterPatientSplit.Ds1,
        "ds2" => InterPatientSplit.Ds2,
        "validation" => InterPatientSplit.Validation,
        _ => List(value),
    };

    private static double SnrDb(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var db) && double.IsFinite(db)
            ? db
            : throw new ArgumentException($"--snr: '{value}' is not a number of dB; pass a comma-separated list such as 24,18,12,6,0.");

    private static List<string> List(string value) => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string DefaultData(string name)
    {
        var shared = Environment.GetEnvironmentVariable("STREAMCLASSIFIER_SHARED");
        return Path.Combine(string.IsNullOrWhiteSpace(shared) ? Path.Combine("..", "shared") : shared, "datasets", name);
    }
}

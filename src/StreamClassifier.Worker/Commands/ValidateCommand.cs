using System.CommandLine;
using System.Globalization;
using StreamClassifier.Core.Topology;
using StreamClassifier.Worker.Models;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// <c>streamclassifier validate --topology T</c>: everything <c>run</c> checks before it starts (the
/// topology, every stream's model against its card and the stream, the telemetry settings), without
/// connecting to Kafka or opening a port.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var topology = new Option<FileInfo>("--topology") { Description = "Topology YAML (topologies/*.yaml).", Required = true };
        var command = new Command("validate", "Check a topology and its models without starting (exit code 2 with the reason when something is wrong).") { topology };
        command.SetAction(parse => Run(parse.GetValue(topology)!.FullName, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Validates <paramref name="topologyPath"/>, printing what was checked on <paramref name="output"/>.</summary>
    /// <returns>0 when valid; 2 with the message on <paramref name="error"/> otherwise.</returns>
    public static int Run(string topologyPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return CommandErrors.Run(
            () =>
            {
                var topology = TopologyLoader.Load(topologyPath);
                var invariant = CultureInfo.InvariantCulture;
                output.WriteLine($"topology {topology.Name} ({topologyPath}): parsed; delivery {topology.Delivery}.");
                var kafka = topology.Source.Kafka;
                output.WriteLine($"  source: kafka {(kafka.IsEmbedded ? "embedded" : kafka.Bootstrap)}, topic {kafka.Topic}, group {kafka.Group}, format {kafka.Format}.");
                output.WriteLine($"  sinks: alerts {topology.Sinks.AlertsTopic ?? "(no topic)"}{(topology.Sinks.Console ? ", console" : string.Empty)}{(topology.Sinks.Jsonl is { } jsonl ? $", jsonl {jsonl}" : string.Empty)}; dead letters {topology.Sinks.DeadLetterTopic ?? "(log only)"}.");
                try
                {
                    var listen = ListenAddress.Parse(topology.Telemetry.Listen);
                    var otlp = topology.Telemetry.OtlpEndpoint;
                    if (!string.IsNullOrWhiteSpace(otlp) && (!Uri.TryCreate(otlp, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                    {
                        throw new FormatException($"telemetry.otlp_endpoint: '{otlp}' is not an http(s) URL (e.g. http://otel-collector:4317); leave it empty to disable OTLP.");
                    }

                    output.WriteLine($"  telemetry: /metrics, /healthz, /readyz on {listen}{(string.IsNullOrWhiteSpace(otlp) ? string.Empty : $"; OTLP to {otlp}")}.");
                }
                catch (FormatException exception)
                {
                    throw new TopologyException($"{topologyPath}: {exception.Message}", exception);
                }

                using var scorers = TopologyScorers.Load(topology);
                foreach (var stream in topology.Streams)
                {
                    var window = string.Create(invariant, $"window {stream.Window.Size}/{stream.Window.Hop} at {stream.SampleRateHz} Hz, {stream.Channels.Count} channel(s), {stream.Filters.Count} filter(s)");
                    if (scorers.ByStream.TryGetValue(stream.Name, out var scorer))
                    {
                        var card = scorer.Card is null ? "no card (layout and output from the topology)" : "card matches the stream's preprocessing";
                        output.WriteLine(string.Create(invariant, $"  stream {stream.Name} ({stream.Sensors}): {window}; model {scorer.ModelName} v{scorer.ModelVersion} ({stream.Model!.Path}) loaded, {scorer.Channels} x {scorer.WindowLength} input; {card}."));
                    }
                    else
                    {
                        output.WriteLine($"  stream {stream.Name} ({stream.Sensors}): {window}; no model (preprocess only).");
                    }
                }

                output.WriteLine($"ok: {topology.Streams.Count} stream(s), {scorers.ByStream.Values.Distinct().Count()} model(s) checked.");
                return CommandErrors.Success;
            },
            error);
    }
}

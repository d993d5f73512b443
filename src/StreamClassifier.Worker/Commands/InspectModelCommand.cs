using System.CommandLine;
using System.Globalization;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Inspection;

namespace StreamClassifier.Worker.Commands;

/// <summary><c>streamclassifier inspect-model PATH</c>: the ONNX graph's inputs and outputs and the model card.</summary>
internal static class InspectModelCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var path = new Argument<FileInfo>("PATH") { Description = "An ONNX model file (its card is read from PATH's .card.json sidecar or the ONNX metadata)." };
        var command = new Command("inspect-model", "Print a model's ONNX inputs and outputs, operator sets, size and model card.") { path };
        command.SetAction(parse => Run(parse.GetValue(path)!.FullName, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Describes <paramref name="onnxPath"/> on <paramref name="output"/>.</summary>
    /// <returns>0, or 2 with the reason on <paramref name="error"/> when the file is missing, not ONNX, or its card is malformed.</returns>
    public static int Run(string onnxPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        return CommandErrors.Run(
            () =>
            {
                var model = ModelInspector.Describe(onnxPath);
                var invariant = CultureInfo.InvariantCulture;
                output.WriteLine($"model: {model.Path}");
                output.WriteLine(string.Create(invariant, $"  producer: {(model.Producer.Length == 0 ? "(unknown)" : model.Producer)}; IR version {model.IrVersion}; opsets {string.Join(", ", model.OperatorSets.Select(opset => $"{opset.Key} {opset.Value}"))}"));
                output.WriteLine(string.Create(invariant, $"  graph: {model.NodeCount} nodes, {model.ParameterCount:N0} parameters"));
                output.WriteLine("inputs:");
                foreach (var input in model.Inputs)
                {
                    output.WriteLine($"  {input}");
                }

                output.WriteLine("outputs:");
                foreach (var tensor in model.Outputs)
                {
                    output.WriteLine($"  {tensor}");
                }

                if (model.Card is { } located)
                {
                    var card = located.Card;
                    output.WriteLine($"card ({(located.FromSidecar ? "sidecar " : string.Empty)}{located.Source}):");
                    output.WriteLine(string.Create(invariant, $"  {card.Name} v{card.Version}: {card.InputLayout} {card.Channels} channel(s) x {card.WindowLength} samples{(card.SampleRateHz is { } rate ? $" at {rate} Hz" : string.Empty)}, output {card.Output}, threshold {card.Threshold}"));
                    output.WriteLine(card.ToJson());
                }
                else
                {
                    output.WriteLine("card: none. A plain ONNX model can still be scored when the topology's model section states input_layout and output.");
                }

                return CommandErrors.Success;
            },
            error);
    }
}

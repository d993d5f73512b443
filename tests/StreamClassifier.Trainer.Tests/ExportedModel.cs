using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Trainer.Data;
using StreamClassifier.Trainer.Export;

namespace StreamClassifier.Trainer.Tests;

/// <summary>Runs an exported ONNX file in ONNX Runtime, the way the worker will, for parity checks against TorchSharp.</summary>
internal static class ExportedModel
{
    /// <summary>P(class 1) for each of <paramref name="count"/> NCL windows, one output per window.</summary>
    public static float[] Probabilities(string path, float[] windows, int count, int channels, int length)
    {
        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(windows, [count, channels, length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxModelExporter.InputName], [input], [OnnxModelExporter.OutputName]);
        Assert.Equal([count, 1L], outputs[0].GetTensorTypeAndShape().Shape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>P(class 1) for each window of <paramref name="windows"/>.</summary>
    public static float[] Probabilities(string path, LabelledWindows windows) =>
        Probabilities(path, windows.Values, windows.Count, windows.Channels, windows.Length);
}

using System.Text.Json;
using StreamClassifier.Core.Models;
using StreamClassifier.Testing;

namespace StreamClassifier.Onnx.Tests;

/// <summary>The PyTorch golden cases in tests/Fixtures/reference/onnx/cases.json.</summary>
internal static class GoldenCases
{
    private static readonly Lazy<IReadOnlyList<GoldenCase>> LazyAll = new(Load);

    public static IReadOnlyList<GoldenCase> All => LazyAll.Value;

    public static GoldenCase Named(string model) => All.Single(c => c.Model == model);

    private static List<GoldenCase> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedPaths.Reference("onnx", "cases.json")));
        var cases = new List<GoldenCase>();
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new GoldenCase(
                element.GetProperty("model").GetString()!,
                Enum.Parse<InputLayout>(element.GetProperty("input_layout").GetString()!),
                element.GetProperty("channels").GetInt32(),
                element.GetProperty("length").GetInt32(),
                element.GetProperty("head").GetString() switch
                {
                    "probability" => OutputKind.Probability,
                    "softmax2" => OutputKind.Softmax2,
                    "logit" => OutputKind.Logit,
                    var other => throw new InvalidDataException($"cases.json: unknown head '{other}'."),
                },
                element.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                element.GetProperty("input").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
                element.GetProperty("torch_output").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
                element.GetProperty("output_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray()));
        }

        return cases;
    }
}

/// <summary>One golden case: a reference model, its input and PyTorch's output.</summary>
internal sealed record GoldenCase(string Model, InputLayout Layout, int Channels, int Length, OutputKind Head,
    int[] InputShape, float[] Input, double[] TorchOutput, int[] OutputShape)
{
    public string ModelPath => SharedPaths.Reference("onnx", Model);

    public int BatchSize => InputShape[0];

    public int WindowValues => Channels * Length;

    /// <summary>The input as the scorer takes it: channel-major (NCL) per window, whatever the model's layout.</summary>
    public float[] ChannelMajorInput()
    {
        if (Layout == InputLayout.NCL)
        {
            return Input;
        }

        // The reference stores NLC inputs as [batch][length][channels].
        var channelMajor = new float[Input.Length];
        for (var window = 0; window < BatchSize; window++)
        {
            for (var sample = 0; sample < Length; sample++)
            {
                for (var channel = 0; channel < Channels; channel++)
                {
                    channelMajor[(window * WindowValues) + (channel * Length) + sample] = Input[(window * WindowValues) + (sample * Channels) + channel];
                }
            }
        }

        return channelMajor;
    }

    /// <summary>PyTorch's P(class 1) per window (column 1 of a softmax2 head).</summary>
    public double[] TorchProbabilities()
    {
        var columns = OutputShape.Length == 2 ? OutputShape[1] : 1;
        return Enumerable.Range(0, BatchSize).Select(i => TorchOutput[(i * columns) + (columns - 1)]).ToArray();
    }
}

using StreamClassifier.Core.Models;

namespace StreamClassifier.Onnx.Scoring;

/// <summary>Reads P(class 1) per window out of a model's output buffer, whatever the output kind.</summary>
internal static class OutputProbabilities
{
    /// <summary>Writes P(class 1) of the first <paramref name="count"/> windows of <paramref name="output"/> (<paramref name="columns"/> values per window) into <paramref name="probabilities"/>.</summary>
    public static void Read(OutputKind kind, int columns, ReadOnlySpan<float> output, int count, Span<float> probabilities)
    {
        switch (kind)
        {
            case OutputKind.Probability:
                output[..count].CopyTo(probabilities);
                break;
            case OutputKind.Softmax2:
                for (var i = 0; i < count; i++)
                {
                    probabilities[i] = output[(i * columns) + 1];
                }

                break;
            case OutputKind.Logit:
                for (var i = 0; i < count; i++)
                {
                    probabilities[i] = (float)(1.0 / (1.0 + Math.Exp(-(double)output[i])));
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown output kind {kind}.");
        }
    }
}

namespace StreamClassifier.Onnx.Export;

/// <summary>
/// The graph-building steps the seed networks (<see cref="ConvDenseNetwork"/>,
/// <see cref="ConvBatchNormNetwork"/>) share. Parameters are addressed by PyTorch's
/// <c>nn.Sequential</c> layer index (<c>"0"</c> → <c>0.weight</c>, <c>0.bias</c>); nodes are added in
/// the order of the calls, which fixes the bytes of the exported model.
/// </summary>
internal static class ConvNetworkSteps
{
    /// <summary>
    /// Adds every parameter as an initializer (in <paramref name="parameterShapes"/> order), the input
    /// <c>input</c> [batch, channels, length], and layer 0: Conv (no padding) → ReLU.
    /// </summary>
    /// <returns>The builder, parameter name → initializer name, and the ReLU's output.</returns>
    public static (OnnxGraphBuilder Builder, Dictionary<string, string> Parameters, string Output) Start(
        string graphName, IReadOnlyList<(string Name, long[] Shape)> parameterShapes, Func<string, long[], float[]> weights, int channels, int windowLength)
    {
        var builder = new OnnxGraphBuilder(graphName);
        var parameters = parameterShapes.ToDictionary(p => p.Name, p => builder.Initializer(p.Name, weights(p.Name, p.Shape), p.Shape));
        var x = builder.Input("input", "batch", channels, windowLength);
        return (builder, parameters, ConvRelu(builder, x, parameters, "0"));
    }

    /// <summary>Conv (no padding) with layer <paramref name="layer"/>'s weight and bias, then ReLU.</summary>
    public static string ConvRelu(OnnxGraphBuilder builder, string x, IReadOnlyDictionary<string, string> parameters, string layer)
    {
        x = builder.Conv(x, parameters[layer + ".weight"], parameters[layer + ".bias"], pads: [0, 0]);
        return builder.Relu(x);
    }

    /// <summary>BatchNormalization with layer <paramref name="layer"/>'s scale, bias and running statistics.</summary>
    public static string BatchNormalization(OnnxGraphBuilder builder, string x, IReadOnlyDictionary<string, string> parameters, string layer) =>
        builder.BatchNormalization(x, parameters[layer + ".weight"], parameters[layer + ".bias"], parameters[layer + ".running_mean"], parameters[layer + ".running_var"]);

    /// <summary>
    /// The classifier head: Flatten → Dense(<paramref name="hiddenLayer"/>) → ReLU →
    /// Dense(<paramref name="outputLayer"/>) → Sigmoid, and the output <c>output</c> [batch, 1] = P(class 1).
    /// </summary>
    public static void FlattenDenseHead(OnnxGraphBuilder builder, string x, IReadOnlyDictionary<string, string> parameters, string hiddenLayer, string outputLayer)
    {
        x = builder.Flatten(x);
        x = builder.Gemm(x, parameters[hiddenLayer + ".weight"], parameters[hiddenLayer + ".bias"]);
        x = builder.Relu(x);
        x = builder.Gemm(x, parameters[outputLayer + ".weight"], parameters[outputLayer + ".bias"]);
        builder.Output(builder.Sigmoid(x, "output"), "batch", 1);
    }
}

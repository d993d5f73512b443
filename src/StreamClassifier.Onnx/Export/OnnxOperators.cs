namespace StreamClassifier.Onnx.Export;

/// <summary>
/// One method per ONNX operator the trainer and the seed networks write, on top of
/// <see cref="OnnxGraphBuilder.Node"/>: each adds the node with its attributes and returns the output's name.
/// </summary>
public static class OnnxOperators
{
    /// <summary>1-D (or n-D) convolution. <c>pads</c> is [begin..., end...] as in ONNX (PyTorch padding p is [p, p]).</summary>
    public static string Conv(this OnnxGraphBuilder builder, string input, string weight, string? bias = null, IReadOnlyList<long>? kernelShape = null, IReadOnlyList<long>? strides = null,
        IReadOnlyList<long>? pads = null, IReadOnlyList<long>? dilations = null, long group = 1, string? output = null)
    {
        var attributes = new List<OnnxAttribute>();
        var kernel = kernelShape ?? (builder.TryGetInitializerShape(weight, out var weightShape) && weightShape.Length > 2 ? weightShape[2..] : null);
        if (kernel is not null)
        {
            attributes.Add(OnnxAttribute.Ints("kernel_shape", kernel));
        }

        AddIfPresent(attributes, "strides", strides);
        AddIfPresent(attributes, "pads", pads);
        AddIfPresent(attributes, "dilations", dilations);
        if (group != 1)
        {
            attributes.Add(OnnxAttribute.Int("group", group));
        }

        return builder.Node("Conv", bias is null ? [input, weight] : [input, weight, bias], attributes, output);
    }

    /// <summary>Inference-mode batch normalisation with running statistics.</summary>
    public static string BatchNormalization(this OnnxGraphBuilder builder, string input, string scale, string bias, string runningMean, string runningVariance,
        float epsilon = 1e-5f, float momentum = 0.9f, string? output = null) =>
        builder.Node("BatchNormalization", [input, scale, bias, runningMean, runningVariance],
            [OnnxAttribute.Float("epsilon", epsilon), OnnxAttribute.Float("momentum", momentum)], output);

    /// <summary>Rectified linear unit.</summary>
    public static string Relu(this OnnxGraphBuilder builder, string input, string? output = null) => builder.Node("Relu", [input], null, output);

    /// <summary>Logistic sigmoid.</summary>
    public static string Sigmoid(this OnnxGraphBuilder builder, string input, string? output = null) => builder.Node("Sigmoid", [input], null, output);

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public static string Softmax(this OnnxGraphBuilder builder, string input, long axis = -1, string? output = null) =>
        builder.Node("Softmax", [input], [OnnxAttribute.Int("axis", axis)], output);

    /// <summary>Max pooling; <paramref name="strides"/> defaults to the kernel (PyTorch's MaxPool1d default).</summary>
    public static string MaxPool(this OnnxGraphBuilder builder, string input, IReadOnlyList<long> kernelShape, IReadOnlyList<long>? strides = null, IReadOnlyList<long>? pads = null,
        bool ceilMode = false, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(kernelShape);
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Ints("kernel_shape", kernelShape),
            OnnxAttribute.Ints("strides", strides ?? kernelShape),
        };
        AddIfPresent(attributes, "pads", pads);
        if (ceilMode)
        {
            attributes.Add(OnnxAttribute.Int("ceil_mode", 1));
        }

        return builder.Node("MaxPool", [input], attributes, output);
    }

    /// <summary>Average pooling; <paramref name="strides"/> defaults to the kernel.</summary>
    public static string AveragePool(this OnnxGraphBuilder builder, string input, IReadOnlyList<long> kernelShape, IReadOnlyList<long>? strides = null, IReadOnlyList<long>? pads = null, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(kernelShape);
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Ints("kernel_shape", kernelShape),
            OnnxAttribute.Ints("strides", strides ?? kernelShape),
        };
        AddIfPresent(attributes, "pads", pads);
        return builder.Node("AveragePool", [input], attributes, output);
    }

    /// <summary>Mean over all spatial positions: [N,C,L] → [N,C,1].</summary>
    public static string GlobalAveragePool(this OnnxGraphBuilder builder, string input, string? output = null) => builder.Node("GlobalAveragePool", [input], null, output);

    /// <summary>Maximum over all spatial positions: [N,C,L] → [N,C,1].</summary>
    public static string GlobalMaxPool(this OnnxGraphBuilder builder, string input, string? output = null) => builder.Node("GlobalMaxPool", [input], null, output);

    /// <summary>Flattens to 2-D, keeping dimensions before <paramref name="axis"/> as rows.</summary>
    public static string Flatten(this OnnxGraphBuilder builder, string input, long axis = 1, string? output = null) =>
        builder.Node("Flatten", [input], [OnnxAttribute.Int("axis", axis)], output);

    /// <summary>
    /// General matrix multiply <c>alpha·A·B' + beta·C</c>. With <paramref name="transB"/> true (the default) the
    /// weight is laid out [out, in] like PyTorch's <c>nn.Linear.weight</c>.
    /// </summary>
    public static string Gemm(this OnnxGraphBuilder builder, string input, string weight, string? bias = null, bool transB = true, float alpha = 1f, float beta = 1f, string? output = null)
    {
        var attributes = new List<OnnxAttribute> { OnnxAttribute.Float("alpha", alpha), OnnxAttribute.Float("beta", beta) };
        if (transB)
        {
            attributes.Add(OnnxAttribute.Int("transB", 1));
        }

        return builder.Node("Gemm", bias is null ? [input, weight] : [input, weight, bias], attributes, output);
    }

    /// <summary>Element-wise sum (with broadcasting).</summary>
    public static string Add(this OnnxGraphBuilder builder, string left, string right, string? output = null) => builder.Node("Add", [left, right], null, output);

    /// <summary>Element-wise difference (with broadcasting).</summary>
    public static string Sub(this OnnxGraphBuilder builder, string left, string right, string? output = null) => builder.Node("Sub", [left, right], null, output);

    /// <summary>Element-wise product (with broadcasting).</summary>
    public static string Mul(this OnnxGraphBuilder builder, string left, string right, string? output = null) => builder.Node("Mul", [left, right], null, output);

    /// <summary>Element-wise quotient (with broadcasting).</summary>
    public static string Div(this OnnxGraphBuilder builder, string left, string right, string? output = null) => builder.Node("Div", [left, right], null, output);

    /// <summary>Concatenation along <paramref name="axis"/>.</summary>
    public static string Concat(this OnnxGraphBuilder builder, IReadOnlyList<string> inputs, long axis, string? output = null) =>
        builder.Node("Concat", inputs, [OnnxAttribute.Int("axis", axis)], output);

    /// <summary>
    /// Mean over <paramref name="axes"/>. Writes the axes as an attribute below opset 18 and as an
    /// int64 initializer input from opset 18 on, so callers need not care which opset they target.
    /// </summary>
    public static string ReduceMean(this OnnxGraphBuilder builder, string input, IReadOnlyList<long> axes, bool keepDims = true, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var keep = OnnxAttribute.Int("keepdims", keepDims ? 1 : 0);
        if (builder.OpsetVersion >= 18)
        {
            var axesName = builder.Initializer(builder.UniqueName("ReduceMean_axes"), axes.ToArray(), axes.Count);
            return builder.Node("ReduceMean", [input, axesName], [keep], output);
        }

        return builder.Node("ReduceMean", [input], [OnnxAttribute.Ints("axes", axes), keep], output);
    }

    /// <summary>Permutes dimensions (e.g. <c>[0, 2, 1]</c> turns NLC into NCL).</summary>
    public static string Transpose(this OnnxGraphBuilder builder, string input, IReadOnlyList<long> perm, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(perm);
        return builder.Node("Transpose", [input], [OnnxAttribute.Ints("perm", perm)], output);
    }

    /// <summary>Reshapes to <paramref name="shape"/> (0 copies the input dimension, -1 infers one).</summary>
    public static string Reshape(this OnnxGraphBuilder builder, string input, IReadOnlyList<long> shape, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var shapeName = builder.Initializer(builder.UniqueName("Reshape_shape"), shape.ToArray(), shape.Count);
        return builder.Node("Reshape", [input, shapeName], null, output);
    }

    /// <summary>Passes its input through (useful to give a value a second name, e.g. an output).</summary>
    public static string Identity(this OnnxGraphBuilder builder, string input, string? output = null) => builder.Node("Identity", [input], null, output);

    private static void AddIfPresent(List<OnnxAttribute> attributes, string name, IReadOnlyList<long>? values)
    {
        if (values is not null)
        {
            attributes.Add(OnnxAttribute.Ints(name, values));
        }
    }
}

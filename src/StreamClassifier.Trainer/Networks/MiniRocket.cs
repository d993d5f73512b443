using StreamClassifier.Trainer.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Networks;

/// <summary>
/// MiniRocket (Dempster, Schmidt and Webb, KDD 2021) as a Conv1D network: the 84 fixed length-9 kernels at
/// each dilation of <see cref="MiniRocketLayout"/>, a bias per feature, PPV pooling (the proportion of
/// outputs above the bias, over the padded output or its valid part, alternating as in the reference), then
/// one linear layer to the logit. Nothing here is trained by gradient: <see cref="MiniRocketFitter"/> sets
/// the biases from quantiles of training convolutions and the linear layer by ridge regression.
/// </summary>
/// <remarks>
/// <para>
/// The convolution is written as shifted copies of the zero-padded signal and additions in a fixed order
/// (the kernel's output is 3·(x[a] + x[b] + x[c]) − Σ x[0..8], i.e. weight 2 at a, b, c and −1 elsewhere),
/// not as a Conv. The exported graph performs the very same IEEE additions, so TorchSharp and ONNX Runtime
/// produce bit-identical convolution outputs: PPV is a step function, and a Conv whose summation order
/// differs between the engines would let a value within rounding of its bias count on one side and not the
/// other.
/// </para>
/// <para>
/// Several channels are summed (in channel order) before the kernels: the features then describe the summed
/// signal. MiniRocket's multivariate variant (random channel subsets per kernel) is not implemented; the UCR
/// binary datasets are univariate.
/// </para>
/// <para>
/// Feature order inside the network: by dilation, then the padded-pooling kernels, then the valid-pooling
/// kernels, each kernel's biases together. The linear layer is fitted on this order, so it is only an
/// internal convention.
/// </para>
/// </remarks>
internal sealed class MiniRocket : ClassifierNetwork
{
    // Windows per chunk are chosen so the [n, kernels, biases, time] comparison stays near this many elements.
    private const long ComparisonElementsPerChunk = 1 << 23;

    private readonly Linear head;
    private readonly Tensor centre;
    private readonly DilationGroup[] groups;

    /// <summary>Creates the network for <paramref name="layout"/> with every bias 0 and a zero head (set them with <see cref="SetBiases"/> and <see cref="SetHead"/>).</summary>
    public MiniRocket(int channels, MiniRocketLayout layout)
        : base(nameof(MiniRocket), channels, layout?.Length ?? throw new ArgumentNullException(nameof(layout)))
    {
        Layout = layout;
        var groupList = new List<DilationGroup>();
        for (var dilationIndex = 0; dilationIndex < layout.Dilations.Count; dilationIndex++)
        {
            foreach (var padded in new[] { true, false })
            {
                var kernels = Enumerable.Range(0, MiniRocketLayout.KernelCount).Where(kernel => layout.PoolsPaddedOutput(dilationIndex, kernel) == padded).ToArray();
                if (kernels.Length == 0)
                {
                    continue;
                }

                var biases = torch.zeros(kernels.Length, layout.FeaturesPerDilation[dilationIndex]);
                var name = $"bias_d{dilationIndex}_{(padded ? "padded" : "valid")}";
                register_buffer(name, biases);
                groupList.Add(new DilationGroup(dilationIndex, layout.Dilations[dilationIndex], layout.Padding(dilationIndex), padded, kernels, biases, name));
            }
        }

        groups = [.. groupList];
        head = nn.Linear(layout.FeatureCount, 1);
        using (torch.no_grad())
        {
            head.weight!.zero_();
            head.bias!.zero_();
        }

        register_module("head", head);
        centre = torch.zeros(1, layout.FeatureCount);
        register_buffer("feature_centre", centre);
    }

    /// <summary>Dilations, features per dilation and the window length.</summary>
    public MiniRocketLayout Layout { get; }

    /// <summary>Number of features the transform produces (the head's input width).</summary>
    public int FeatureCount => Layout.FeatureCount;

    /// <inheritdoc />
    /// <remarks>The dilations and the valid region depend on L, so the window length is fixed.</remarks>
    public override bool RequiresFixedLength => true;

    /// <summary>
    /// Sets the biases from the reference's flat order (dilation, then kernel 0..83, then that kernel's
    /// features at this dilation).
    /// </summary>
    public void SetBiases(ReadOnlySpan<float> referenceOrder)
    {
        if (referenceOrder.Length != FeatureCount)
        {
            throw new ArgumentException($"MiniRocket needs {FeatureCount} biases, got {referenceOrder.Length}.", nameof(referenceOrder));
        }

        using var noGrad = torch.no_grad();
        foreach (var group in groups)
        {
            var perKernel = Layout.FeaturesPerDilation[group.DilationIndex];
            var start = MiniRocketLayout.KernelCount * Layout.FeaturesPerDilation.Take(group.DilationIndex).Sum();
            var values = new float[group.Kernels.Length * perKernel];
            for (var row = 0; row < group.Kernels.Length; row++)
            {
                referenceOrder.Slice(start + (group.Kernels[row] * perKernel), perKernel).CopyTo(values.AsSpan(row * perKernel, perKernel));
            }

            using var source = torch.tensor(values, [group.Kernels.Length, perKernel]);
            group.Biases.copy_(source);
        }
    }

    /// <summary>
    /// Sets the head: logit = (features − <paramref name="centre"/>) · <paramref name="weights"/> + <paramref name="bias"/>,
    /// both vectors in this network's feature order (see remarks).
    /// </summary>
    /// <remarks>
    /// Centring before the dot product (rather than folding the centre into the bias) keeps its ~10,000
    /// terms small and of both signs, so the float32 sum loses less to cancellation and the two engines'
    /// different summation orders stay further below the 1e-5 parity bound.
    /// </remarks>
    public void SetHead(ReadOnlySpan<float> weights, ReadOnlySpan<float> centre, float bias)
    {
        if (weights.Length != FeatureCount || centre.Length != FeatureCount)
        {
            throw new ArgumentException($"MiniRocket's head takes {FeatureCount} weights and centres, got {weights.Length} and {centre.Length}.", nameof(weights));
        }

        using var noGrad = torch.no_grad();
        using var weightSource = torch.tensor(weights.ToArray(), [1, FeatureCount]);
        using var centreSource = torch.tensor(centre.ToArray(), [1, FeatureCount]);
        head.weight!.copy_(weightSource);
        this.centre.copy_(centreSource);
        head.bias!.fill_(bias);
    }

    /// <summary>
    /// The convolution outputs of every kernel at dilation index <paramref name="dilationIndex"/>: [N, 84, L],
    /// 'same' length (zero padding 4 × dilation on each side), computed by the same additions as the forward pass.
    /// </summary>
    public Tensor Convolve(Tensor input, int dilationIndex)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var all = Enumerable.Range(0, MiniRocketLayout.KernelCount).ToArray();
        var shifts = Shifts(SummedChannels(input), Layout.Dilations[dilationIndex], Layout.Padding(dilationIndex));
        return KernelOutputs(shifts, all).MoveToOuterDisposeScope();
    }

    /// <summary>The PPV features [N, <see cref="FeatureCount"/>] in this network's feature order.</summary>
    public Tensor Transform(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var count = input.shape[0];
        var widest = groups.Max(group => (long)group.Kernels.Length * group.Biases.shape[1]);
        var chunk = Math.Max(1, ComparisonElementsPerChunk / (widest * Length));
        if (count <= chunk)
        {
            return TransformChunk(input);
        }

        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < count; start += chunk)
        {
            parts.Add(TransformChunk(input.narrow(0, start, Math.Min(chunk, count - start))));
        }

        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return head.forward(Transform(input) - centre).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string WriteOnnx(OnnxNetworkWriter writer, string input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var signal = Channels == 1
            ? input
            : Enumerable.Range(1, Channels - 1).Aggregate(writer.Slice(input, axis: 1, 0, 1), (sum, channel) => writer.Add(sum, writer.Slice(input, axis: 1, channel, channel + 1)));

        var features = new List<string>();
        var shiftsByDilation = new Dictionary<int, (string Stacked, string Sum)>();
        foreach (var group in groups)
        {
            if (!shiftsByDilation.TryGetValue(group.DilationIndex, out var shifts))
            {
                var padded = writer.Pad(signal, group.Padding);
                var copies = Enumerable.Range(0, MiniRocketLayout.KernelLength)
                    .Select(position => writer.Slice(padded, axis: 2, (long)position * group.Dilation, ((long)position * group.Dilation) + Length))
                    .ToList();
                var sum = copies.Skip(1).Aggregate(copies[0], writer.Add);
                shifts = (writer.Concat(copies), sum);
                shiftsByDilation[group.DilationIndex] = shifts;
            }

            var first = writer.Gather(shifts.Stacked, axis: 1, group.Kernels.Select(k => (long)MiniRocketLayout.KernelPositions[k].First).ToArray());
            var second = writer.Gather(shifts.Stacked, axis: 1, group.Kernels.Select(k => (long)MiniRocketLayout.KernelPositions[k].Second).ToArray());
            var third = writer.Gather(shifts.Stacked, axis: 1, group.Kernels.Select(k => (long)MiniRocketLayout.KernelPositions[k].Third).ToArray());
            var triple = writer.Add(writer.Add(first, second), third);
            var convolved = writer.Sub(writer.Add(writer.Add(triple, triple), triple), shifts.Sum);
            if (!group.PoolsPadded)
            {
                convolved = writer.Slice(convolved, axis: 2, group.Padding, Length - group.Padding);
            }

            var positive = writer.Greater(writer.Unsqueeze(convolved, axis: 2), writer.Constant(group.Name, group.Biases.unsqueeze(-1)));
            features.Add(writer.Flatten(writer.ReduceMean(writer.CastToFloat(positive), axis: 3)));
        }

        var all = features.Count == 1 ? features[0] : writer.Concat(features);
        return writer.Linear(head, writer.Sub(all, writer.Constant("feature_centre", centre)));
    }

    private Tensor TransformChunk(Tensor input)
    {
        using var scope = NewDisposeScope();
        var signal = SummedChannels(input);
        var features = new List<Tensor>();
        var shifts = default(Shifted);
        var dilationIndex = -1;
        foreach (var group in groups)
        {
            if (group.DilationIndex != dilationIndex)
            {
                dilationIndex = group.DilationIndex;
                shifts = Shifts(signal, group.Dilation, group.Padding);
            }

            var convolved = KernelOutputs(shifts, group.Kernels);
            if (!group.PoolsPadded)
            {
                convolved = convolved.narrow(2, group.Padding, Length - (2 * group.Padding));
            }

            // [n, k, 1, t] > [k, biases, 1] → [n, k, biases, t]; the mean of 0/1 over t is the PPV.
            var positive = convolved.unsqueeze(2).gt(group.Biases.unsqueeze(-1));
            features.Add(positive.to_type(ScalarType.Float32).mean([3]).flatten(1));
        }

        return torch.cat(features, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The channels added in order (the exported graph adds them in the same order): [N, 1, L].</summary>
    private Tensor SummedChannels(Tensor input)
    {
        var signal = input.narrow(1, 0, 1);
        for (var channel = 1; channel < Channels; channel++)
        {
            signal = signal + input.narrow(1, channel, 1);
        }

        return signal;
    }

    /// <summary>The nine shifted copies of the zero-padded signal ([N, 9, L]) and their sum in position order ([N, 1, L]).</summary>
    private Shifted Shifts(Tensor signal, int dilation, int padding)
    {
        var padded = nn.functional.pad(signal, [padding, padding]);
        var copies = Enumerable.Range(0, MiniRocketLayout.KernelLength).Select(position => padded.narrow(2, (long)position * dilation, Length)).ToArray();
        var sum = copies[0];
        for (var position = 1; position < copies.Length; position++)
        {
            sum = sum + copies[position];
        }

        return new Shifted(torch.cat(copies, 1), sum);
    }

    /// <summary>3·(x[a] + x[b] + x[c]) − Σ x for the given kernels, with the additions in the exported order: [N, kernels, L].</summary>
    private static Tensor KernelOutputs(Shifted shifts, int[] kernels)
    {
        using var first = torch.tensor(kernels.Select(k => (long)MiniRocketLayout.KernelPositions[k].First).ToArray());
        using var second = torch.tensor(kernels.Select(k => (long)MiniRocketLayout.KernelPositions[k].Second).ToArray());
        using var third = torch.tensor(kernels.Select(k => (long)MiniRocketLayout.KernelPositions[k].Third).ToArray());
        var triple = shifts.Stacked.index_select(1, first) + shifts.Stacked.index_select(1, second) + shifts.Stacked.index_select(1, third);
        return triple + triple + triple - shifts.Sum;
    }

    private readonly record struct Shifted(Tensor Stacked, Tensor Sum);

    /// <summary>The kernels of one dilation that pool the same way, with their biases [kernels, features per kernel].</summary>
    private sealed record DilationGroup(int DilationIndex, int Dilation, int Padding, bool PoolsPadded, int[] Kernels, Tensor Biases, string Name);
}

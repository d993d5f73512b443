using Microsoft.ML.OnnxRuntime;

namespace StreamClassifier.Onnx.Scoring;

/// <summary>A float tensor of a session, described per batch item: its name and its shape without the batch dimension.</summary>
/// <param name="Name">Input or output name.</param>
/// <param name="ItemShape">Dimensions after the batch dimension (empty for a <c>[batch]</c> vector).</param>
internal sealed record TensorSlot(string Name, long[] ItemShape)
{
    /// <summary>Values per batch item.</summary>
    public int ItemValues => checked((int)ItemShape.Aggregate(1L, (product, dim) => product * dim));
}

/// <summary>
/// Pinned input and output arrays for one session, sized for the largest batch, and per batch size one
/// <see cref="OrtIoBinding"/> over prefixes of them, created the first time that size runs and reused after:
/// a steady-state <see cref="Run"/> allocates nothing. One caller at a time.
/// </summary>
internal sealed class BoundTensors : IDisposable
{
    private readonly InferenceSession session;
    private readonly TensorSlot[] inputs;
    private readonly TensorSlot[] outputs;
    private readonly OrtIoBinding?[] bindings;
    private readonly List<IDisposable> created = [];

    /// <summary>Allocates the arrays for batches of up to <paramref name="maxBatch"/> items.</summary>
    public BoundTensors(InferenceSession session, IReadOnlyList<TensorSlot> inputs, IReadOnlyList<TensorSlot> outputs, int maxBatch)
    {
        this.session = session;
        this.inputs = [.. inputs];
        this.outputs = [.. outputs];
        Inputs = [.. inputs.Select(slot => GC.AllocateArray<float>(maxBatch * slot.ItemValues, pinned: true))];
        Outputs = [.. outputs.Select(slot => GC.AllocateArray<float>(maxBatch * slot.ItemValues, pinned: true))];
        bindings = new OrtIoBinding?[maxBatch + 1];
    }

    /// <summary>One array per input, in the order given, batch item after batch item.</summary>
    public float[][] Inputs { get; }

    /// <summary>One array per output, in the order given.</summary>
    public float[][] Outputs { get; }

    /// <summary>Runs the session on the first <paramref name="runSize"/> items of every input.</summary>
    public void Run(RunOptions options, int runSize) => session.RunWithBinding(options, bindings[runSize] ?? Bind(runSize));

    /// <summary>Releases the bindings, then the values they reference.</summary>
    public void Dispose()
    {
        for (var i = created.Count - 1; i >= 0; i--)
        {
            created[i].Dispose();
        }

        created.Clear();
        Array.Clear(bindings);
    }

    private OrtIoBinding Bind(int runSize)
    {
        var binding = session.CreateIoBinding();
        for (var i = 0; i < inputs.Length; i++)
        {
            binding.BindInput(inputs[i].Name, Value(inputs[i], Inputs[i], runSize));
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            binding.BindOutput(outputs[i].Name, Value(outputs[i], Outputs[i], runSize));
        }

        // Released before the values it references.
        created.Add(binding);
        bindings[runSize] = binding;
        return binding;
    }

    private OrtValue Value(TensorSlot slot, float[] buffer, int runSize)
    {
        long[] shape = [runSize, .. slot.ItemShape];
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(buffer, 0, runSize * slot.ItemValues), shape);
        created.Add(value);
        return value;
    }
}

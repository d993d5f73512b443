using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Inspection;

namespace StreamClassifier.Onnx.Scoring;

/// <summary>
/// Scores batches of windows with an ONNX Conv1D binary classifier through ONNX Runtime.
/// <para>
/// One <see cref="InferenceSession"/> per model, shared by every caller. Each concurrent caller
/// borrows a buffer set: pinned input and output arrays sized for the largest batch, with one
/// <see cref="OrtValue"/> pair and <see cref="OrtIoBinding"/> per batch size, created the first time
/// that size is run and reused after. A steady-state call therefore copies the windows in (transposing
/// to NLC when the model wants it), runs the bound session and reads P(class 1) out, allocating nothing.
/// </para>
/// <para>
/// Graphs with a symbolic batch dimension run batches of up to <see cref="MaxBatch"/> windows
/// (larger calls are split); graphs with a fixed batch run exactly that many (smaller calls are
/// zero-padded, larger ones split).
/// </para>
/// </summary>
public sealed class OnnxWindowScorer : IWindowScorer
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions;
    private readonly int windowValues;
    private readonly Lock gate = new();
    private readonly Stack<BufferSet> idleBuffers = new();
    private readonly List<BufferSet> allBuffers = [];
    private int activeCalls;
    private bool disposeRequested;
    private bool released;

    private OnnxWindowScorer(ResolvedModel model, InferenceSession session, int maxBatch)
    {
        Model = model;
        this.session = session;
        runOptions = new RunOptions();
        windowValues = model.Channels * model.WindowLength;
        MaxBatch = maxBatch;
    }

    /// <summary>The checked model: layout, output kind, shapes and card.</summary>
    public ResolvedModel Model { get; }

    /// <summary>Input layout the model takes.</summary>
    public InputLayout Layout => Model.Layout;

    /// <summary>What the model's output means.</summary>
    public OutputKind Output => Model.Output;

    /// <summary>Windows per ONNX Runtime run (the fixed batch of the graph, or the configured maximum).</summary>
    public int MaxBatch { get; }

    /// <inheritdoc />
    public string ModelName => Model.Name;

    /// <inheritdoc />
    public string ModelVersion => Model.Version;

    /// <inheritdoc />
    public int Channels => Model.Channels;

    /// <inheritdoc />
    public int WindowLength => Model.WindowLength;

    /// <inheritdoc />
    public ModelCard? Card => Model.Card?.Card;

    /// <summary>
    /// Loads a model on its own. Layout and output kind come from its card, else from
    /// <paramref name="declared"/>; a model without a card and with a symbolic length needs
    /// <see cref="LoadForStream"/> instead.
    /// </summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="declared">What the topology says about the model, or null.</param>
    /// <param name="declaredSource">Where <paramref name="declared"/> comes from, for messages.</param>
    /// <param name="options">Session options, or null for defaults.</param>
    /// <exception cref="InvalidModelException">The file is missing, not ONNX, or not a Conv1D classifier ONNX Runtime can run.</exception>
    /// <exception cref="ModelCardException">Its card is malformed or its two cards disagree.</exception>
    /// <exception cref="ModelCompatibilityException">Card, declaration and graph disagree, or nothing says how to feed it.</exception>
    public static OnnxWindowScorer Load(string modelPath, ModelSpec? declared = null, string? declaredSource = null, OnnxScorerOptions? options = null)
    {
        var model = ModelCompatibility.Resolve(ModelInspector.Describe(modelPath), declared, declaredSource);
        return Create(model, options);
    }

    /// <summary>
    /// Loads the model of stream <paramref name="streamIndex"/> (path relative to the topology's base
    /// directory) and checks it against that stream's channels, window size and sample rate.
    /// </summary>
    /// <exception cref="ArgumentException">The stream has no model.</exception>
    /// <exception cref="InvalidModelException">The file is missing, not ONNX, or not a Conv1D classifier ONNX Runtime can run.</exception>
    /// <exception cref="ModelCardException">Its card is malformed or its two cards disagree.</exception>
    /// <exception cref="ModelCompatibilityException">Topology, card and graph disagree.</exception>
    public static OnnxWindowScorer LoadForStream(TopologyDefinition topology, int streamIndex, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfNegative(streamIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(streamIndex, topology.Streams.Count);
        var spec = topology.Streams[streamIndex].Model
            ?? throw new ArgumentException($"{ModelCompatibility.StreamSource(topology, streamIndex)} has no model to load.", nameof(streamIndex));
        var path = Path.IsPathRooted(spec.Path) ? spec.Path : Path.Combine(topology.BaseDirectory, spec.Path);
        var model = ModelCompatibility.Resolve(topology, streamIndex, ModelInspector.Describe(path));
        return Create(model, options);
    }

    /// <summary>Creates the session for a model already resolved by <see cref="ModelCompatibility"/>.</summary>
    /// <exception cref="InvalidModelException">ONNX Runtime cannot load or run the model.</exception>
    public static OnnxWindowScorer Create(ResolvedModel model, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= OnnxScorerOptions.Default;
        options.Validate();
        var path = model.Description.Path;

        InferenceSession session;
        using (var sessionOptions = CreateSessionOptions(options))
        {
            try
            {
                session = new InferenceSession(path, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new InvalidModelException(
                    $"ONNX Runtime could not load '{path}': {ex.Message} Check that the model uses standard ONNX operators at an opset ONNX Runtime 1.31 supports (7–23), or re-export it.", ex);
            }
        }

        OnnxWindowScorer? scorer = null;
        try
        {
            if (!session.InputNames.Contains(model.InputName) || !session.OutputNames.Contains(model.OutputName))
            {
                throw new InvalidModelException(
                    $"ONNX Runtime sees inputs [{string.Join(", ", session.InputNames)}] and outputs [{string.Join(", ", session.OutputNames)}] in '{path}', not '{model.InputName}' → '{model.OutputName}'. Re-export the model.");
            }

            scorer = new OnnxWindowScorer(model, session, model.FixedBatch ?? options.MaxBatch);
            scorer.WarmUp();
            return scorer;
        }
        catch
        {
            if (scorer is not null)
            {
                scorer.Dispose();
            }
            else
            {
                session.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A span is too short for <paramref name="batchSize"/> windows.</exception>
    /// <exception cref="ObjectDisposedException">The scorer was disposed.</exception>
    public void Score(ReadOnlySpan<float> windows, int batchSize, Span<float> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        if (windows.Length < (long)batchSize * windowValues)
        {
            throw new ArgumentOutOfRangeException(nameof(windows),
                $"{batchSize} windows of {Channels} channels × {WindowLength} samples need {(long)batchSize * windowValues} values, but {windows.Length} were given.");
        }

        if (probabilities.Length < batchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(probabilities), $"{batchSize} windows need {batchSize} probabilities, but the output span holds {probabilities.Length}.");
        }

        if (batchSize == 0)
        {
            return;
        }

        var buffers = Rent();
        try
        {
            for (var first = 0; first < batchSize; first += MaxBatch)
            {
                var count = Math.Min(MaxBatch, batchSize - first);
                RunChunk(buffers, windows.Slice(first * windowValues, count * windowValues), count, probabilities.Slice(first, count));
            }
        }
        finally
        {
            Return(buffers);
        }
    }

    /// <summary>
    /// Releases the session and every buffer. Calls in progress finish first (their resources are
    /// released when the last one returns); calls after this throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposeRequested = true;
            if (activeCalls > 0)
            {
                return;
            }
        }

        Release();
    }

    private static SessionOptions CreateSessionOptions(OnnxScorerOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.OptimizationLevel switch
            {
                OnnxOptimizationLevel.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
                OnnxOptimizationLevel.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OnnxOptimizationLevel.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        if (options.InterOpThreads > 0)
        {
            sessionOptions.InterOpNumThreads = options.InterOpThreads;
        }

        return sessionOptions;
    }

    /// <summary>Runs one all-zero batch so a model that loads but cannot run fails at start, not on the first window.</summary>
    private void WarmUp()
    {
        var runSize = Model.FixedBatch ?? 1;
        Span<float> probabilities = stackalloc float[1];
        var buffers = Rent();
        try
        {
            Array.Clear(buffers.Input);
            RunChunk(buffers, new float[windowValues], 1, probabilities);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException(
                $"ONNX Runtime could not run '{Model.Description.Path}' on a batch of {runSize} window(s) shaped {InputShapeText(runSize)} with output '{Model.OutputName}' shaped [{runSize}{(Model.OutputIsVector ? string.Empty : $", {Model.OutputColumns}")}]: {ex.Message} " +
                "Check the model's card (channels, window_length, input_layout, output) against the graph, or re-export the model.", ex);
        }
        finally
        {
            Return(buffers);
        }
    }

    private string InputShapeText(int batch) => Layout == InputLayout.NCL ? $"[{batch}, {Channels}, {WindowLength}]" : $"[{batch}, {WindowLength}, {Channels}]";

    private void RunChunk(BufferSet buffers, ReadOnlySpan<float> windows, int count, Span<float> probabilities)
    {
        var runSize = Model.FixedBatch ?? count;
        var input = buffers.Input.AsSpan(0, runSize * windowValues);
        if (Layout == InputLayout.NCL)
        {
            windows.CopyTo(input);
        }
        else
        {
            TransposeToChannelsLast(windows, count, input);
        }

        if (runSize > count)
        {
            // Padding windows of a fixed-batch graph: zeros, scores discarded.
            input[(count * windowValues)..].Clear();
        }

        session.RunWithBinding(runOptions, buffers.BindingFor(runSize));

        var columns = Model.OutputColumns;
        var output = buffers.Output;
        switch (Model.Output)
        {
            case OutputKind.Probability:
                for (var i = 0; i < count; i++)
                {
                    probabilities[i] = output[i];
                }

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
                throw new InvalidOperationException($"Unknown output kind {Model.Output}.");
        }
    }

    private void TransposeToChannelsLast(ReadOnlySpan<float> channelMajor, int count, Span<float> channelsLast)
    {
        var channels = Channels;
        var length = WindowLength;
        for (var window = 0; window < count; window++)
        {
            var source = channelMajor.Slice(window * windowValues, windowValues);
            var target = channelsLast.Slice(window * windowValues, windowValues);
            for (var channel = 0; channel < channels; channel++)
            {
                var row = source.Slice(channel * length, length);
                for (var sample = 0; sample < length; sample++)
                {
                    target[(sample * channels) + channel] = row[sample];
                }
            }
        }
    }

    private BufferSet Rent()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposeRequested, this);
            activeCalls++;
            if (idleBuffers.TryPop(out var buffers))
            {
                return buffers;
            }
        }

        // More concurrent callers than ever before: grow the pool by one set (rare, allocates).
        BufferSet created;
        try
        {
            created = new BufferSet(this);
        }
        catch
        {
            lock (gate)
            {
                activeCalls--;
            }

            throw;
        }

        lock (gate)
        {
            allBuffers.Add(created);
        }

        return created;
    }

    private void Return(BufferSet buffers)
    {
        bool releaseNow;
        lock (gate)
        {
            idleBuffers.Push(buffers);
            activeCalls--;
            releaseNow = disposeRequested && activeCalls == 0;
        }

        if (releaseNow)
        {
            Release();
        }
    }

    private void Release()
    {
        lock (gate)
        {
            if (released)
            {
                return;
            }

            released = true;
        }

        foreach (var buffers in allBuffers)
        {
            buffers.Dispose();
        }

        allBuffers.Clear();
        idleBuffers.Clear();
        runOptions.Dispose();
        session.Dispose();
    }

    /// <summary>One caller's pinned input/output arrays and, per batch size, the OrtValues and binding over them.</summary>
    private sealed class BufferSet : IDisposable
    {
        private readonly OnnxWindowScorer owner;
        private readonly OrtIoBinding?[] bindings;
        private readonly List<IDisposable> created = [];

        public BufferSet(OnnxWindowScorer owner)
        {
            this.owner = owner;
            var model = owner.Model;
            Input = GC.AllocateArray<float>(owner.MaxBatch * owner.windowValues, pinned: true);
            Output = GC.AllocateArray<float>(owner.MaxBatch * model.OutputColumns, pinned: true);
            bindings = new OrtIoBinding?[owner.MaxBatch + 1];
        }

        public float[] Input { get; }

        public float[] Output { get; }

        public OrtIoBinding BindingFor(int runSize) => bindings[runSize] ?? CreateBinding(runSize);

        public void Dispose()
        {
            // Bindings first, then the values they reference.
            for (var i = created.Count - 1; i >= 0; i--)
            {
                created[i].Dispose();
            }

            created.Clear();
            Array.Clear(bindings);
        }

        private OrtIoBinding CreateBinding(int runSize)
        {
            var model = owner.Model;
            long[] inputShape = model.Layout == InputLayout.NCL
                ? [runSize, model.Channels, model.WindowLength]
                : [runSize, model.WindowLength, model.Channels];
            long[] outputShape = model.OutputIsVector ? [runSize] : [runSize, model.OutputColumns];
            var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(Input, 0, runSize * owner.windowValues), inputShape);
            created.Add(inputValue);
            var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(Output, 0, runSize * model.OutputColumns), outputShape);
            created.Add(outputValue);
            var binding = owner.session.CreateIoBinding();
            created.Add(binding);
            binding.BindInput(model.InputName, inputValue);
            binding.BindOutput(model.OutputName, outputValue);
            bindings[runSize] = binding;
            return binding;
        }
    }
}

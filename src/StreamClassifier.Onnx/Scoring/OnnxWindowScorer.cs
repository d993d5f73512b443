using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Streaming;

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
/// <para>
/// When the options carry the stream's hop and the graph is streamable with it
/// (<see cref="StreamableGraph"/>), windows are scored hop by hop by a <see cref="StreamingScorer"/>
/// instead, with the same scores; <see cref="StreamingStatus"/> says which and why.
/// </para>
/// </summary>
public sealed class OnnxWindowScorer : IWindowScorer
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions;
    private readonly int windowValues;
    private readonly BufferPool<BoundTensors> buffers;
    private StreamingScorer? streaming;

    private OnnxWindowScorer(ResolvedModel model, InferenceSession session, int maxBatch)
    {
        Model = model;
        this.session = session;
        runOptions = new RunOptions();
        windowValues = model.Channels * model.WindowLength;
        MaxBatch = maxBatch;
        buffers = new BufferPool<BoundTensors>(this, CreateBuffers, ReleaseSessions);
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

    /// <summary>True when windows are scored hop by hop (see <see cref="StreamingStatus"/>), false when each is recomputed whole.</summary>
    public bool IsStreaming => streaming is not null;

    /// <summary>How windows are scored and why: the streaming hop and columns, or the reason whole windows are recomputed.</summary>
    public string StreamingStatus { get; private set; } = "recompute";

    /// <summary>Windows scored from their predecessor's carried state (0 when not streaming).</summary>
    public long SteppedWindows => streaming?.SteppedWindows ?? 0;

    /// <summary>Windows scored whole by the streaming scorer because they continued no earlier window (0 when not streaming).</summary>
    public long PrimedWindows => streaming?.PrimedWindows ?? 0;

    /// <summary>The streaming graphs in use, or null when recomputing.</summary>
    public StreamingGraphs? StreamingGraphs => streaming?.Graphs;

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
        options ??= OnnxScorerOptions.Default;
        return Create(model, options with
        {
            StreamingHop = options.StreamingHop ?? topology.Streams[streamIndex].Window.Hop,
            // Per-window z-scores give a sample a different value in every window, so no window would continue another.
            Streaming = options.Streaming && spec.Streaming && topology.Streams[streamIndex].Normalize.Kind != NormalizationKind.ZScore,
        });
    }

    /// <summary>
    /// Creates the session for a model already resolved by <see cref="ModelCompatibility"/>; with
    /// <see cref="OnnxScorerOptions.StreamingHop"/> set, a streamable model is scored hop by hop.
    /// </summary>
    /// <exception cref="InvalidModelException">ONNX Runtime cannot load or run the model.</exception>
    public static OnnxWindowScorer Create(ResolvedModel model, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= OnnxScorerOptions.Default;
        options.Validate();
        var session = OnnxSessions.Load(model.Description.Path, options);
        OnnxWindowScorer? scorer = null;
        try
        {
            if (!session.InputNames.Contains(model.InputName) || !session.OutputNames.Contains(model.OutputName))
            {
                throw new InvalidModelException(
                    $"ONNX Runtime sees inputs [{string.Join(", ", session.InputNames)}] and outputs [{string.Join(", ", session.OutputNames)}] in '{model.Description.Path}', not '{model.InputName}' → '{model.OutputName}'. Re-export the model.");
            }

            scorer = new OnnxWindowScorer(model, session, model.FixedBatch ?? options.MaxBatch);
            scorer.WarmUp();
            (scorer.streaming, scorer.StreamingStatus) = StreamingSelection.TryCreate(model, options);
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

        var rented = buffers.Rent();
        try
        {
            for (var first = 0; first < batchSize; first += MaxBatch)
            {
                var count = Math.Min(MaxBatch, batchSize - first);
                var chunk = windows.Slice(first * windowValues, count * windowValues);
                if (streaming is { } stepper)
                {
                    stepper.Score(chunk, count, probabilities.Slice(first, count));
                }
                else
                {
                    RunChunk(rented, chunk, count, probabilities.Slice(first, count));
                }
            }
        }
        finally
        {
            buffers.Return(rented);
        }
    }

    /// <summary>Forgets the streaming scorer's carried states, so every sensor's next window is scored whole (no effect when recomputing).</summary>
    public void ResetStreaming() => streaming?.Reset();

    /// <summary>
    /// Releases the session and every buffer. Calls in progress finish first (their resources are
    /// released when the last one returns); calls after this throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => buffers.Dispose();

    /// <summary>Runs one all-zero batch so a model that loads but cannot run fails at start, not on the first window.</summary>
    private void WarmUp()
    {
        var runSize = Model.FixedBatch ?? 1;
        Span<float> probabilities = stackalloc float[1];
        var rented = buffers.Rent();
        try
        {
            RunChunk(rented, new float[windowValues], 1, probabilities);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException(
                $"ONNX Runtime could not run '{Model.Description.Path}' on a batch of {runSize} window(s) shaped {InputShapeText(runSize)} with output '{Model.OutputName}' shaped [{runSize}{(Model.OutputIsVector ? string.Empty : $", {Model.OutputColumns}")}]: {ex.Message} " +
                "Check the model's card (channels, window_length, input_layout, output) against the graph, or re-export the model.", ex);
        }
        finally
        {
            buffers.Return(rented);
        }
    }

    private string InputShapeText(int batch) => Layout == InputLayout.NCL ? $"[{batch}, {Channels}, {WindowLength}]" : $"[{batch}, {WindowLength}, {Channels}]";

    private void RunChunk(BoundTensors bound, ReadOnlySpan<float> windows, int count, Span<float> probabilities)
    {
        var runSize = Model.FixedBatch ?? count;
        var input = bound.Inputs[0].AsSpan(0, runSize * windowValues);
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

        bound.Run(runOptions, runSize);
        OutputProbabilities.Read(Model.Output, Model.OutputColumns, bound.Outputs[0], count, probabilities);
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

    private BoundTensors CreateBuffers()
    {
        long[] inputShape = Layout == InputLayout.NCL ? [Channels, WindowLength] : [WindowLength, Channels];
        long[] outputShape = Model.OutputIsVector ? [] : [Model.OutputColumns];
        return new BoundTensors(session, [new TensorSlot(Model.InputName, inputShape)], [new TensorSlot(Model.OutputName, outputShape)], MaxBatch);
    }

    private void ReleaseSessions()
    {
        streaming?.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}

using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Scoring;

namespace StreamClassifier.Onnx.Streaming;

/// <summary>
/// Scores a streamable model hop by hop (<see cref="StreamingGraphs"/>). For each window of a batch it
/// looks up the window it continues (<see cref="ContinuationCache"/>): continued windows run the step
/// graph on their last hop of samples and the carried columns, batched together; the others run the
/// prime graph on the whole window. Either way the window's feature columns go through the head.
/// Layer state is never checkpointed: after a restart, a gap or a model swap a window is simply primed
/// from its own samples, which is exact by construction. Calls are serialised (one batch at a time).
/// </summary>
internal sealed class StreamingScorer : IDisposable
{
    private readonly ResolvedModel model;
    private readonly StreamingGraphs graphs;
    private readonly InferenceSession[] sessions;
    private readonly BoundTensors prime;
    private readonly BoundTensors step;
    private readonly BoundTensors head;
    private readonly RunOptions runOptions = new();
    private readonly ContinuationCache cache;
    private readonly Continuation?[] entries;
    private readonly int[] primed;
    private readonly int[] stepped;
    private readonly Lock gate = new();
    private readonly int windowValues;
    private readonly int featureValues;

    private StreamingScorer(ResolvedModel model, StreamingGraphs graphs, InferenceSession[] sessions, int maxBatch, int capacity)
    {
        this.model = model;
        this.graphs = graphs;
        this.sessions = sessions;
        MaxBatch = maxBatch;
        windowValues = model.Channels * model.WindowLength;
        var plan = graphs.Plan;
        featureValues = checked((int)(plan.FeatureChannels * plan.FeatureColumns));
        var states = graphs.States.Select(state => new TensorSlot(state.OutputName, [state.Layer.Channels, state.Columns])).ToList();
        var features = new TensorSlot(plan.FeatureName, [plan.FeatureChannels, plan.FeatureColumns]);
        prime = new BoundTensors(sessions[0], [new TensorSlot(plan.InputName, [model.Channels, model.WindowLength])], [features, .. states], maxBatch);
        step = new BoundTensors(
            sessions[1],
            [new TensorSlot(plan.InputName, [model.Channels, graphs.Hop]), .. graphs.States.Select(state => new TensorSlot(state.InputName, [state.Layer.Channels, state.Columns]))],
            [features with { ItemShape = [plan.FeatureChannels, graphs.StepColumns] }, .. states],
            maxBatch);
        long[] outputShape = model.OutputIsVector ? [] : [model.OutputColumns];
        head = new BoundTensors(sessions[2], [features], [new TensorSlot(model.OutputName, outputShape)], maxBatch);
        var stateValues = checked((int)graphs.States.Sum(state => state.Values));
        cache = new ContinuationCache(model.Channels, model.WindowLength, graphs.Hop, featureValues, stateValues, Math.Max(capacity, maxBatch));
        entries = new Continuation?[maxBatch];
        primed = new int[maxBatch];
        stepped = new int[maxBatch];
    }

    /// <summary>Windows per run.</summary>
    public int MaxBatch { get; }

    /// <summary>The graphs in use.</summary>
    public StreamingGraphs Graphs => graphs;

    /// <summary>Windows scored by the step graph (continued) since creation.</summary>
    public long SteppedWindows { get; private set; }

    /// <summary>Windows scored by the prime graph (whole window) since creation.</summary>
    public long PrimedWindows { get; private set; }

    /// <summary>Loads the three sessions for <paramref name="graphs"/>.</summary>
    /// <exception cref="Inspection.InvalidModelException">ONNX Runtime cannot load one of them.</exception>
    public static StreamingScorer Create(ResolvedModel model, StreamingGraphs graphs, OnnxScorerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(graphs);
        ArgumentNullException.ThrowIfNull(options);
        var path = model.Description.Path;
        var sessions = new List<InferenceSession>();
        try
        {
            sessions.Add(OnnxSessions.Load(graphs.Prime, path, "streaming prime graph", options));
            sessions.Add(OnnxSessions.Load(graphs.Step, path, "streaming step graph", options));
            sessions.Add(OnnxSessions.Load(graphs.Head, path, "streaming head graph", options));
            return new StreamingScorer(model, graphs, [.. sessions], options.MaxBatch, options.StreamingCapacity);
        }
        catch
        {
            sessions.ForEach(session => session.Dispose());
            throw;
        }
    }

    /// <summary>Scores <paramref name="count"/> ≤ <see cref="MaxBatch"/> channel-major windows.</summary>
    public void Score(ReadOnlySpan<float> windows, int count, Span<float> probabilities)
    {
        lock (gate)
        {
            var primeCount = 0;
            var stepCount = 0;
            for (var i = 0; i < count; i++)
            {
                entries[i] = cache.Take(Window(windows, i));
                if (entries[i] is null)
                {
                    primed[primeCount++] = i;
                }
                else
                {
                    stepped[stepCount++] = i;
                }
            }

            RunPrime(windows, primeCount);
            RunStep(windows, stepCount);
            head.Run(runOptions, count);
            OutputProbabilities.Read(model.Output, model.OutputColumns, head.Outputs[0], count, probabilities);
            Remember(windows, count);
            PrimedWindows += primeCount;
            SteppedWindows += stepCount;
        }
    }

    /// <summary>Forgets every carried state (the next window of every sensor is primed).</summary>
    public void Reset()
    {
        lock (gate)
        {
            cache.Clear();
        }
    }

    /// <summary>Releases the sessions and buffers.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            prime.Dispose();
            step.Dispose();
            head.Dispose();
            runOptions.Dispose();
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    private ReadOnlySpan<float> Window(ReadOnlySpan<float> windows, int index) => windows.Slice(index * windowValues, windowValues);

    private void RunPrime(ReadOnlySpan<float> windows, int primeCount)
    {
        if (primeCount == 0)
        {
            return;
        }

        for (var j = 0; j < primeCount; j++)
        {
            Window(windows, primed[j]).CopyTo(prime.Inputs[0].AsSpan(j * windowValues));
        }

        prime.Run(runOptions, primeCount);
        for (var j = 0; j < primeCount; j++)
        {
            var i = primed[j];
            var entry = entries[i] = cache.Rent();
            prime.Outputs[0].AsSpan(j * featureValues, featureValues).CopyTo(head.Inputs[0].AsSpan(i * featureValues));
            CopyStates(prime.Outputs, j, entry.States);
        }
    }

    private void RunStep(ReadOnlySpan<float> windows, int stepCount)
    {
        if (stepCount == 0)
        {
            return;
        }

        var hop = graphs.Hop;
        var length = model.WindowLength;
        for (var j = 0; j < stepCount; j++)
        {
            var window = Window(windows, stepped[j]);
            var input = step.Inputs[0].AsSpan(j * model.Channels * hop);
            for (var channel = 0; channel < model.Channels; channel++)
            {
                window.Slice((channel * length) + length - hop, hop).CopyTo(input[(channel * hop)..]);
            }

            var offset = 0;
            for (var s = 0; s < graphs.States.Count; s++)
            {
                var values = (int)graphs.States[s].Values;
                entries[stepped[j]]!.States.AsSpan(offset, values).CopyTo(step.Inputs[s + 1].AsSpan(j * values));
                offset += values;
            }
        }

        step.Run(runOptions, stepCount);
        for (var j = 0; j < stepCount; j++)
        {
            var entry = entries[stepped[j]]!;
            ShiftFeatures(entry.Features, j, head.Inputs[0].AsSpan(stepped[j] * featureValues, featureValues));
            CopyStates(step.Outputs, j, entry.States);
        }
    }

    // The window's feature columns: the previous window's without its first hop / stride, then the step's new
    // ones (only the last T of them when a hop brings more columns than a window has).
    private void ShiftFeatures(float[] previous, int stepIndex, Span<float> destination)
    {
        var columns = (int)graphs.Plan.FeatureColumns;
        var fresh = (int)graphs.StepColumns;
        var kept = Math.Max(0, columns - fresh);
        var added = step.Outputs[0].AsSpan(stepIndex * (int)graphs.Plan.FeatureChannels * fresh);
        for (var feature = 0; feature < graphs.Plan.FeatureChannels; feature++)
        {
            previous.AsSpan((feature * columns) + columns - kept, kept).CopyTo(destination[(feature * columns)..]);
            added.Slice((feature * fresh) + fresh - (columns - kept), columns - kept).CopyTo(destination[((feature * columns) + kept)..]);
        }
    }

    private void CopyStates(float[][] outputs, int item, float[] states)
    {
        var offset = 0;
        for (var s = 0; s < graphs.States.Count; s++)
        {
            var values = (int)graphs.States[s].Values;
            outputs[s + 1].AsSpan(item * values, values).CopyTo(states.AsSpan(offset));
            offset += values;
        }
    }

    private void Remember(ReadOnlySpan<float> windows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var entry = entries[i]!;
            head.Inputs[0].AsSpan(i * featureValues, featureValues).CopyTo(entry.Features);
            cache.Store(entry, Window(windows, i));
            entries[i] = null;
        }
    }
}

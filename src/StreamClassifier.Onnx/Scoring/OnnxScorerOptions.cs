namespace StreamClassifier.Onnx.Scoring;

/// <summary>How an <see cref="OnnxWindowScorer"/> sets up its ONNX Runtime session.</summary>
public sealed record OnnxScorerOptions
{
    /// <summary>Default options.</summary>
    public static OnnxScorerOptions Default { get; } = new();

    /// <summary>
    /// Threads one inference uses (ONNX Runtime's intra-op pool); 0 lets ONNX Runtime use one per core.
    /// The worker scores one batch at a time per model, so the pool is where cores go.
    /// </summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads for running independent graph branches in parallel; 0 keeps ONNX Runtime's default (sequential execution).</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level applied when the session loads.</summary>
    public OnnxOptimizationLevel OptimizationLevel { get; init; } = OnnxOptimizationLevel.All;

    /// <summary>
    /// Largest batch one run takes when the graph's batch dimension is symbolic; larger calls are split.
    /// Graphs with a fixed batch dimension use that size instead (smaller calls are padded).
    /// </summary>
    public int MaxBatch { get; init; } = 64;

    /// <summary>
    /// The hop between the windows this model will score, or null when unknown. With a hop the scorer
    /// streams a streamable model (see <c>StreamableGraph</c>) unless <see cref="Streaming"/> is false.
    /// </summary>
    public int? StreamingHop { get; init; }

    /// <summary>Stream a streamable model (the default); false always recomputes whole windows.</summary>
    public bool Streaming { get; init; } = true;

    /// <summary>Windows whose continuation the streaming scorer remembers at most (about one per live sensor); older ones are evicted and primed again.</summary>
    public int StreamingCapacity { get; init; } = 16_384;

    /// <summary>Checks the values; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate(string source = "ONNX scorer options")
    {
        if (IntraOpThreads < 0)
        {
            throw new ArgumentException($"{source}: intra-op threads = {IntraOpThreads}; use 0 (one per core) or a positive count.");
        }

        if (InterOpThreads < 0)
        {
            throw new ArgumentException($"{source}: inter-op threads = {InterOpThreads}; use 0 (default) or a positive count.");
        }

        if (StreamingHop is < 1)
        {
            throw new ArgumentException($"{source}: streaming hop = {StreamingHop}; use the stream's window hop (at least 1).");
        }

        if (StreamingCapacity < 1)
        {
            throw new ArgumentException($"{source}: streaming capacity = {StreamingCapacity}; use at least 1 (about one per live sensor).");
        }

        if (MaxBatch is < 1 or > 65_536)
        {
            throw new ArgumentException($"{source}: max batch = {MaxBatch}; use a batch size between 1 and 65536.");
        }
    }
}

/// <summary>ONNX Runtime graph optimisation level.</summary>
public enum OnnxOptimizationLevel
{
    /// <summary>No graph rewrites.</summary>
    None,

    /// <summary>Semantics-preserving rewrites such as constant folding.</summary>
    Basic,

    /// <summary>Basic plus node fusions.</summary>
    Extended,

    /// <summary>Everything, including layout optimisations.</summary>
    All,
}

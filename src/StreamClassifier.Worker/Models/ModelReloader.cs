using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamClassifier.Core.Models;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Core.Topology;
using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Onnx.Compatibility;
using StreamClassifier.Onnx.Inspection;
using StreamClassifier.Onnx.Scoring;
using StreamClassifier.Pipeline;
using StreamClassifier.Worker.Hosting;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Models;

/// <summary>
/// Owns the worker's models and hot-swaps them. <see cref="Load"/> loads and checks every model file of
/// the topology (one scorer per file, shared by the streams that name it); after
/// <see cref="Attach"/>, <see cref="TryReload"/> loads a new version placed at a model's path,
/// validates it against every stream it serves (shapes, layout, output, the card's preprocessing, a
/// test inference on a zero window) and swaps it into the pipeline between two batches
/// (<see cref="ClassificationPipeline.ReplaceScorer"/>), so every window is scored exactly once, by
/// the old or the new model. An invalid candidate is rejected with a logged reason naming the file
/// and the problem; the old model keeps serving. Reloads are serialised.
/// </summary>
internal sealed class ModelReloader : IDisposable
{
    private readonly object reloadLock = new();
    private readonly TopologyDefinition topology;
    private readonly Func<IWindowScorer, IWindowScorer> wrap;
    private readonly ILogger logger;
    private readonly WorkerMetrics? metrics;
    private readonly OnnxScorerOptions? options;
    private readonly List<ServedModel> served = [];
    private ClassificationPipeline? pipeline;
    private bool disposed;

    private ModelReloader(TopologyDefinition topology, Func<IWindowScorer, IWindowScorer> wrap, ILogger logger, WorkerMetrics? metrics, OnnxScorerOptions? options)
    {
        this.topology = topology;
        this.wrap = wrap;
        this.logger = logger;
        this.metrics = metrics;
        this.options = options;
    }

    /// <summary>The scorer the pipeline uses for each stream with a model (wrapped, e.g. instrumented).</summary>
    public Dictionary<string, IWindowScorer> ScorersByStream { get; } = new(StringComparer.Ordinal);

    /// <summary>The model files whose streams all say <c>model.watch: true</c> (full paths).</summary>
    public IReadOnlyList<string> WatchedPaths => [.. served.Where(model => model.Watch).Select(model => model.Path)];

    /// <summary>Name and version of every model serving now.</summary>
    public IReadOnlyList<(string Model, string Version)> Serving
    {
        get
        {
            lock (reloadLock)
            {
                return [.. served.Select(model => (model.Onnx.ModelName, model.Onnx.ModelVersion))];
            }
        }
    }

    /// <summary>Loads and checks every model of <paramref name="topology"/>.</summary>
    /// <param name="topology">The deployment.</param>
    /// <param name="wrap">Wraps each loaded scorer for the pipeline (e.g. <see cref="InstrumentedScorer"/>); the wrapper must not own the scorer.</param>
    /// <param name="logger">Where swaps and rejections are logged.</param>
    /// <param name="metrics">Counts swaps and exports the serving versions, or null.</param>
    /// <param name="options">ONNX Runtime session options, or null for defaults.</param>
    /// <exception cref="InvalidModelException">A model file is missing or not a usable ONNX classifier.</exception>
    /// <exception cref="ModelCompatibilityException">Topology, card and graph disagree.</exception>
    /// <exception cref="TopologyException">A card's preprocessing differs from its stream's.</exception>
    public static ModelReloader Load(TopologyDefinition topology, Func<IWindowScorer, IWindowScorer>? wrap = null, ILogger? logger = null, WorkerMetrics? metrics = null, OnnxScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var reloader = new ModelReloader(topology, wrap ?? (scorer => scorer), logger ?? NullLogger.Instance, metrics, options);
        try
        {
            foreach (var (path, streamIndexes) in TopologyScorers.ModelFiles(topology))
            {
                // Loaded first: its checks say what is wrong with a bad path (a directory, not a model).
                var onnx = TopologyScorers.LoadModel(topology, streamIndexes, options);
                var fingerprint = Fingerprint(path);
                var model = new ServedModel(path, streamIndexes, onnx, reloader.wrap(onnx), fingerprint, streamIndexes.All(index => topology.Streams[index].Model!.Watch));
                reloader.served.Add(model);
                foreach (var index in streamIndexes)
                {
                    reloader.ScorersByStream.Add(topology.Streams[index].Name, model.Serving);
                }
            }

            metrics?.AttachModels(() => reloader.Serving);
            return reloader;
        }
        catch
        {
            reloader.Dispose();
            throw;
        }
    }

    /// <summary>Connects the pipeline built from <see cref="ScorersByStream"/>; reloads swap into it.</summary>
    public void Attach(ClassificationPipeline target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (reloadLock)
        {
            pipeline = target;
        }
    }

    /// <summary>
    /// Looks at the model file <paramref name="modelPath"/> and its card: when their content changed
    /// since the serving version (and since the last rejected candidate), loads, validates and swaps in
    /// the candidate, or rejects it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is not one of the topology's model files.</exception>
    /// <exception cref="InvalidOperationException">No pipeline is attached yet.</exception>
    public ModelReloadOutcome TryReload(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        lock (reloadLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var fullPath = Path.GetFullPath(modelPath);
            var model = served.FirstOrDefault(candidate => candidate.Path == fullPath)
                ?? throw new ArgumentException($"'{modelPath}' is not a model file of topology '{topology.Name}' (models: {string.Join(", ", served.Select(m => m.Path))}).", nameof(modelPath));
            var target = pipeline ?? throw new InvalidOperationException("Attach the pipeline before reloading models.");
            string fingerprint;
            try
            {
                fingerprint = Fingerprint(fullPath);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return Reject(model, "unreadable:" + exception.Message, $"cannot read it: {exception.Message}");
            }

            if (fingerprint == model.Fingerprint || fingerprint == model.RejectedFingerprint)
            {
                return ModelReloadOutcome.Unchanged;
            }

            OnnxWindowScorer? candidate = null;
            try
            {
                candidate = TopologyScorers.LoadModel(topology, model.StreamIndexes, options);
                SmokeTest(candidate);
                var serving = wrap(candidate);
                var streams = target.ReplaceScorer(model.Serving, serving);
                var previous = model.Onnx;
                var (oldName, oldVersion) = (previous.ModelName, previous.ModelVersion);
                model.Replace(candidate, serving, fingerprint);
                candidate = null;
                foreach (var index in model.StreamIndexes)
                {
                    ScorersByStream[topology.Streams[index].Name] = serving;
                }

                previous.Dispose();
                metrics?.RecordModelSwap(model.Onnx.ModelName, swapped: true);
                ModelLog.Swapped(
                    logger, model.Onnx.ModelName, model.Onnx.ModelVersion, model.Path, string.Join(", ", streams), oldName, oldVersion,
                    model.Onnx.Card is { } card ? $"card threshold {card.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}, used where alert.threshold is not set" : "no card: thresholds from the topology");
                return ModelReloadOutcome.Swapped;
            }
            catch (Exception exception) when (IsModelProblem(exception))
            {
                candidate?.Dispose();
                return Reject(model, fingerprint, exception.Message);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (reloadLock)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var model in served)
            {
                model.Onnx.Dispose();
            }

            served.Clear();
        }
    }

    /// <summary>The content of the model file and its sidecar card (if any), hashed: a new version is a new fingerprint.</summary>
    private static string Fingerprint(string modelPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var model = File.OpenRead(modelPath))
        {
            hash.AppendData(SHA256.HashData(model));
        }

        var cardPath = ModelCardReader.SidecarPath(modelPath);
        if (File.Exists(cardPath))
        {
            hash.AppendData("\n--card--\n"u8);
            hash.AppendData(File.ReadAllBytes(cardPath));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>A test inference on one all-zero window: the candidate must run and return a probability.</summary>
    private static void SmokeTest(OnnxWindowScorer candidate)
    {
        var window = new float[candidate.Channels * candidate.WindowLength];
        var probability = new float[1];
        candidate.Score(window, 1, probability);
        if (!(probability[0] >= 0f && probability[0] <= 1f))
        {
            throw new InvalidModelException($"a test inference on an all-zero window returned {probability[0]}, not a probability in [0, 1]; check the model's output kind (probability, softmax2 or logit).");
        }
    }

    private static bool IsModelProblem(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or ArgumentException or TopologyException or ModelCardException or InvalidOperationException
        || exception.GetType().Namespace?.StartsWith("StreamClassifier.Onnx", StringComparison.Ordinal) == true
        || exception.GetType().Namespace?.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal) == true;

    private ModelReloadOutcome Reject(ServedModel model, string fingerprint, string reason)
    {
        model.RejectedFingerprint = fingerprint;
        metrics?.RecordModelSwap(model.Onnx.ModelName, swapped: false);
        ModelLog.Rejected(logger, model.Path, reason, model.Onnx.ModelName, model.Onnx.ModelVersion);
        return ModelReloadOutcome.Rejected;
    }

    private sealed class ServedModel(string path, IReadOnlyList<int> streamIndexes, OnnxWindowScorer onnx, IWindowScorer serving, string fingerprint, bool watch)
    {
        public string Path { get; } = path;

        public IReadOnlyList<int> StreamIndexes { get; } = streamIndexes;

        public bool Watch { get; } = watch;

        public OnnxWindowScorer Onnx { get; private set; } = onnx;

        public IWindowScorer Serving { get; private set; } = serving;

        public string Fingerprint { get; private set; } = fingerprint;

        public string? RejectedFingerprint { get; set; }

        public void Replace(OnnxWindowScorer replacement, IWindowScorer wrapped, string newFingerprint)
        {
            Onnx = replacement;
            Serving = wrapped;
            Fingerprint = newFingerprint;
            RejectedFingerprint = null;
        }
    }
}

/// <summary>What <see cref="ModelReloader.TryReload"/> did.</summary>
internal enum ModelReloadOutcome
{
    /// <summary>The files are the serving version (or the last rejected candidate): nothing to do.</summary>
    Unchanged,

    /// <summary>The candidate was valid and now serves.</summary>
    Swapped,

    /// <summary>The candidate was invalid; the old model keeps serving.</summary>
    Rejected,
}

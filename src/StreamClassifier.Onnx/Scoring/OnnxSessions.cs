using Microsoft.ML.OnnxRuntime;
using StreamClassifier.Onnx.Inspection;

namespace StreamClassifier.Onnx.Scoring;

/// <summary>Creates ONNX Runtime sessions with the scorer's options, turning load failures into <see cref="InvalidModelException"/>.</summary>
internal static class OnnxSessions
{
    /// <summary>A session over the model file at <paramref name="path"/>.</summary>
    public static InferenceSession Load(string path, OnnxScorerOptions options) =>
        Create(path, sessionOptions => new InferenceSession(path, sessionOptions), options);

    /// <summary>A session over a serialised model derived from <paramref name="path"/> (named <paramref name="part"/> in messages).</summary>
    public static InferenceSession Load(byte[] model, string path, string part, OnnxScorerOptions options) =>
        Create($"{path} ({part})", sessionOptions =>
        {
            // A step's runs are short: threads spinning between them only take the cores the other runs need.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            return new InferenceSession(model, sessionOptions);
        }, options);

    private static InferenceSession Create(string source, Func<SessionOptions, InferenceSession> create, OnnxScorerOptions options)
    {
        using var sessionOptions = SessionOptionsFor(options);
        try
        {
            return create(sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException(
                $"ONNX Runtime could not load '{source}': {ex.Message} Check that the model uses standard ONNX operators at an opset ONNX Runtime 1.31 supports (7–23), or re-export it.", ex);
        }
    }

    private static SessionOptions SessionOptionsFor(OnnxScorerOptions options)
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
}

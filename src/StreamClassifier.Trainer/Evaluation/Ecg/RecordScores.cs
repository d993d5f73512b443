using StreamClassifier.Core.Ecg;
using StreamClassifier.Core.Scoring;
using StreamClassifier.Dsp.Preprocessing;

namespace StreamClassifier.Trainer.Evaluation.Ecg;

/// <summary>The score of every window the worker would emit for one record, with the record's beats.</summary>
/// <param name="Record">Record name.</param>
/// <param name="WindowSize">Window length.</param>
/// <param name="WindowStarts">First sample of each window (0, hop, 2·hop, …).</param>
/// <param name="Scores">P(V) of each window.</param>
/// <param name="Beats">The reference beats.</param>
internal sealed record RecordScores(string Record, int WindowSize, long[] WindowStarts, double[] Scores, IReadOnlyList<ClassifiedBeat> Beats)
{
    /// <summary>Scores <paramref name="recording"/> with <paramref name="scorer"/> (the exported ONNX model) after <paramref name="preprocessor"/>.</summary>
    public static RecordScores Of(EcgRecording recording, RecordingPreprocessor preprocessor, IWindowScorer scorer, int batch = 64)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(scorer);
        var filtered = preprocessor.Filter(recording.Signal);
        var starts = preprocessor.StreamWindowStarts(recording.Signal.Length);
        var scores = new double[starts.Length];
        var width = preprocessor.WindowValues;
        var inputs = new float[batch * width];
        var outputs = new float[batch];
        var scratch = new double[width];
        for (var first = 0; first < starts.Length; first += batch)
        {
            var count = Math.Min(batch, starts.Length - first);
            for (var i = 0; i < count; i++)
            {
                preprocessor.CutWindow(filtered, starts[first + i], scratch, inputs.AsSpan(i * width, width));
            }

            scorer.Score(inputs.AsSpan(0, count * width), count, outputs.AsSpan(0, count));
            for (var i = 0; i < count; i++)
            {
                scores[first + i] = outputs[i];
            }
        }

        return new RecordScores(recording.Name, preprocessor.Window.Size, starts, scores, recording.Beats);
    }

    /// <summary>Beat counts at <paramref name="threshold"/> under the fixed mapping.</summary>
    public BeatCounts CountAt(double threshold) =>
        BeatCounts.Of(Beats, BeatMapping.Decide(Beats, WindowStarts, Scores, WindowSize, threshold));
}

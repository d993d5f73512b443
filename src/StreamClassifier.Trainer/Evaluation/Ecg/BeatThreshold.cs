using StreamClassifier.Core.Ecg;

namespace StreamClassifier.Trainer.Evaluation.Ecg;

/// <summary>Chooses the decision threshold that maximises beat-level V F1 over a set of (validation) records.</summary>
internal static class BeatThreshold
{
    /// <summary>The threshold with the best gross V F1 over <paramref name="records"/>; ties keep the higher threshold.</summary>
    public static double BestF1(IReadOnlyList<RecordScores> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var beats = new List<(double Score, bool Ventricular)>();
        foreach (var record in records)
        {
            var scores = BeatMapping.BeatScores(record.Beats, record.WindowStarts, record.Scores, record.WindowSize);
            for (var i = 0; i < scores.Length; i++)
            {
                beats.Add((scores[i], record.Beats[i].Class == AamiClass.V));
            }
        }

        var positives = beats.Count(beat => beat.Ventricular);
        if (positives == 0)
        {
            return 0.5;
        }

        // Walking down the sorted scores, every distinct score is a candidate threshold (calls ≥ it positive).
        var ordered = beats.OrderByDescending(beat => beat.Score).ToList();
        int truePositives = 0, falsePositives = 0;
        double bestF1 = -1, bestThreshold = 0.5;
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Ventricular)
            {
                truePositives++;
            }
            else
            {
                falsePositives++;
            }

            if (i + 1 < ordered.Count && ordered[i + 1].Score == ordered[i].Score)
            {
                continue;
            }

            var f1 = 2.0 * truePositives / ((2.0 * truePositives) + falsePositives + (positives - truePositives));
            if (f1 > bestF1)
            {
                bestF1 = f1;
                // Midway to the next lower score, so a rounding difference between runtimes cannot flip the boundary beat.
                bestThreshold = i + 1 < ordered.Count ? (ordered[i].Score + ordered[i + 1].Score) / 2 : ordered[i].Score;
            }
        }

        return bestThreshold;
    }
}

namespace StreamClassifier.Core.Ecg;

/// <summary>
/// The fixed beat-to-window mapping every ECG figure of the product uses: an annotated beat is decided
/// by the window whose centre (start + (size − 1) / 2) is nearest to the beat's annotation sample; on a
/// tie, the earlier window decides. A beat is called ventricular when that window's score is at or
/// above the threshold.
/// </summary>
public static class BeatMapping
{
    /// <summary>Index of the window deciding a beat at <paramref name="beatSample"/>, or −1 when there are no windows.</summary>
    /// <param name="windowStarts">First sample of every window, ascending.</param>
    /// <param name="windowSize">Window length in samples.</param>
    /// <param name="beatSample">The beat's annotation sample.</param>
    public static int DecidingWindow(IReadOnlyList<long> windowStarts, int windowSize, long beatSample)
    {
        ArgumentNullException.ThrowIfNull(windowStarts);
        if (windowStarts.Count == 0)
        {
            return -1;
        }

        // Doubled coordinates keep the half-sample centre of even-length windows exact.
        var target = (2 * beatSample) - (windowSize - 1);
        int low = 0, high = windowStarts.Count - 1;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (2 * windowStarts[mid] < target)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        // low = first window whose doubled start ≥ target; the earlier neighbour wins ties.
        if (low > 0 && target - (2 * windowStarts[low - 1]) <= (2 * windowStarts[low]) - target)
        {
            return low - 1;
        }

        return low;
    }

    /// <summary>Decides every beat: true when its deciding window scores at or above <paramref name="threshold"/>.</summary>
    public static bool[] Decide(IReadOnlyList<ClassifiedBeat> beats, IReadOnlyList<long> windowStarts, IReadOnlyList<double> scores, int windowSize, double threshold)
    {
        ArgumentNullException.ThrowIfNull(beats);
        ArgumentNullException.ThrowIfNull(scores);
        var decisions = new bool[beats.Count];
        for (var i = 0; i < beats.Count; i++)
        {
            var window = DecidingWindow(windowStarts, windowSize, beats[i].SampleIndex);
            decisions[i] = window >= 0 && scores[window] >= threshold;
        }

        return decisions;
    }

    /// <summary>The deciding window's score of every beat (NaN when there are no windows).</summary>
    public static double[] BeatScores(IReadOnlyList<ClassifiedBeat> beats, IReadOnlyList<long> windowStarts, IReadOnlyList<double> scores, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(beats);
        ArgumentNullException.ThrowIfNull(scores);
        var result = new double[beats.Count];
        for (var i = 0; i < beats.Count; i++)
        {
            var window = DecidingWindow(windowStarts, windowSize, beats[i].SampleIndex);
            result[i] = window >= 0 ? scores[window] : double.NaN;
        }

        return result;
    }

    /// <summary>True when the beat nearest the centre of the window at <paramref name="start"/> is V (ties: the earlier beat): the label of a window.</summary>
    /// <param name="beats">The record's beats in time order.</param>
    /// <param name="beatSamples">Their annotation samples (same order).</param>
    /// <param name="start">The window's first sample.</param>
    /// <param name="size">Window length.</param>
    /// <param name="maxDistance">
    /// When given, the nearest beat counts only if it lies at most this many samples from the centre: a window
    /// centred in the gap between beats (a pause, the stretch between far-apart beats) decides no beat and is
    /// labelled not V, so that the score asks "is there a V beat at the centre?".
    /// </param>
    public static bool NearestBeatIsVentricular(IReadOnlyList<ClassifiedBeat> beats, long[] beatSamples, long start, int size, long? maxDistance = null)
    {
        ArgumentNullException.ThrowIfNull(beats);
        ArgumentNullException.ThrowIfNull(beatSamples);
        if (beatSamples.Length == 0)
        {
            return false;
        }

        var doubledCentre = (2 * start) + size - 1;
        var index = Array.BinarySearch(beatSamples, (doubledCentre + 1) / 2);
        index = index < 0 ? ~index : index;
        var best = -1;
        var bestDistance = long.MaxValue;
        for (var i = Math.Max(0, index - 1); i <= Math.Min(beatSamples.Length - 1, index + 1); i++)
        {
            var distance = Math.Abs((2 * beatSamples[i]) - doubledCentre);
            if (distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        return beats[best].Class == AamiClass.V && (maxDistance is not { } limit || bestDistance <= 2 * limit);
    }
}

namespace StreamClassifier.Trainer.Data;

/// <summary>
/// N windows of C channels × L samples with 0/1 labels. <see cref="Values"/> is channel-major per
/// window (NCL): window i, channel c, sample t is at <c>(i * C + c) * L + t</c>, the layout PyTorch's
/// Conv1d and the worker's ONNX input expect.
/// </summary>
internal sealed class LabelledWindows
{
    /// <summary>Wraps existing arrays (not copied).</summary>
    /// <exception cref="ArgumentException">The sizes disagree or a label is not 0 or 1.</exception>
    public LabelledWindows(float[] values, int[] labels, int channels, int length)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (values.LongLength != (long)labels.Length * channels * length)
        {
            throw new ArgumentException($"values holds {values.LongLength} floats but {labels.Length} windows × {channels} channel(s) × {length} samples need {(long)labels.Length * channels * length}.", nameof(values));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            }
        }

        Values = values;
        Labels = labels;
        Channels = channels;
        Length = length;
    }

    /// <summary>All values, NCL.</summary>
    public float[] Values { get; }

    /// <summary>0/1 label per window.</summary>
    public int[] Labels { get; }

    /// <summary>Number of windows.</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per window.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel.</summary>
    public int Length { get; }

    /// <summary>Floats per window (channels × length).</summary>
    public int WindowSize => Channels * Length;

    /// <summary>Number of windows labelled 1.</summary>
    public int PositiveCount => Labels.Count(label => label == 1);

    /// <summary>The values of window <paramref name="index"/> (channels × length, channel-major).</summary>
    public ReadOnlySpan<float> Window(int index) => Values.AsSpan(index * WindowSize, WindowSize);

    /// <summary>A copy holding the windows at <paramref name="indexes"/>, in that order.</summary>
    public LabelledWindows Subset(IReadOnlyList<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var windowSize = WindowSize;
        var values = new float[checked(indexes.Count * windowSize)];
        var labels = new int[indexes.Count];
        for (var i = 0; i < indexes.Count; i++)
        {
            var source = indexes[i];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indexes), $"index {source} is outside 0..{Count - 1}.");
            }

            Array.Copy(Values, (long)source * windowSize, values, (long)i * windowSize, windowSize);
            labels[i] = Labels[source];
        }

        return new LabelledWindows(values, labels, Channels, Length);
    }

    /// <summary>Concatenates window sets of the same shape.</summary>
    public static LabelledWindows Concat(IReadOnlyList<LabelledWindows> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("there is nothing to concatenate.", nameof(parts));
        }

        var first = parts[0];
        if (parts.Any(part => part.Channels != first.Channels || part.Length != first.Length))
        {
            throw new ArgumentException("all parts must have the same channels and length.", nameof(parts));
        }

        var values = new float[parts.Sum(part => (long)part.Values.Length)];
        var labels = new int[parts.Sum(part => part.Count)];
        long valueOffset = 0;
        var labelOffset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Values, 0, values, valueOffset, part.Values.Length);
            Array.Copy(part.Labels, 0, labels, labelOffset, part.Count);
            valueOffset += part.Values.Length;
            labelOffset += part.Count;
        }

        return new LabelledWindows(values, labels, first.Channels, first.Length);
    }
}

namespace StreamClassifier.Trainer.Data;

/// <summary>N windows of C channels × L samples, channel-major per window (NCL), with 0/1 labels.</summary>
public sealed class LabelledWindows
{
    /// <summary>Wraps the arrays (not copied).</summary>
    /// <param name="values">Count × channels × length values, window after window, channel-major inside a window.</param>
    /// <param name="labels">One 0/1 label per window.</param>
    /// <param name="channels">Channels per window.</param>
    /// <param name="length">Samples per channel.</param>
    public LabelledWindows(float[] values, int[] labels, int channels, int length)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (values.Length != (long)labels.Length * channels * length)
        {
            throw new ArgumentException($"Expected {labels.Length} windows × {channels} channels × {length} samples = {(long)labels.Length * channels * length} values, got {values.Length}.", nameof(values));
        }

        var badLabel = Array.FindIndex(labels, l => l is not (0 or 1));
        if (badLabel >= 0)
        {
            throw new ArgumentException($"Labels must be 0 or 1; window {badLabel} has {labels[badLabel]}.", nameof(labels));
        }

        Values = values;
        Labels = labels;
        Channels = channels;
        Length = length;
    }

    /// <summary>The window values.</summary>
    public float[] Values { get; }

    /// <summary>The labels (0/1).</summary>
    public int[] Labels { get; }

    /// <summary>Number of windows.</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per window.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel.</summary>
    public int Length { get; }

    /// <summary>Copies the chosen windows, in the given order.</summary>
    public LabelledWindows Subset(IReadOnlyList<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var size = Channels * Length;
        var values = new float[indexes.Count * size];
        var labels = new int[indexes.Count];
        for (var row = 0; row < indexes.Count; row++)
        {
            Array.Copy(Values, (long)indexes[row] * size, values, (long)row * size, size);
            labels[row] = Labels[indexes[row]];
        }

        return new LabelledWindows(values, labels, Channels, Length);
    }
}

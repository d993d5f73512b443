namespace StreamClassifier.Pipeline.Sensors;

/// <summary>
/// One reusable buffer for the selected, filtered rows of the chunk being processed. Processing is
/// serialised, so one is enough; it grows to the largest chunk seen and is then reused.
/// </summary>
internal sealed class RowScratch
{
    private double[] buffer = new double[4096];

    public Span<double> Take(int length)
    {
        if (buffer.Length < length)
        {
            buffer = new double[Math.Max(length, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, length);
    }
}

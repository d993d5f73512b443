namespace StreamClassifier.Worker.Soak;

/// <summary>The least-squares line through a series: its slope per unit of x and the x span it covers.</summary>
/// <param name="Slope">Change of y per unit of x.</param>
/// <param name="Span">Last x − first x.</param>
/// <param name="Mean">Mean of y.</param>
/// <param name="Points">Points fitted.</param>
internal readonly record struct LinearTrend(double Slope, double Span, double Mean, int Points)
{
    /// <summary>Slope × span: how much the line rises over the series.</summary>
    public double Growth => Slope * Span;

    /// <summary>Fits y = a + b·x; points with a null y are left out; fewer than two points give a zero slope.</summary>
    public static LinearTrend Fit(IReadOnlyList<(double X, double? Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var valid = points.Where(point => point.Y is not null).Select(point => (point.X, Y: point.Y!.Value)).ToList();
        if (valid.Count < 2)
        {
            return new LinearTrend(0, 0, valid.Count == 1 ? valid[0].Y : 0, valid.Count);
        }

        var meanX = valid.Average(point => point.X);
        var meanY = valid.Average(point => point.Y);
        var sxx = valid.Sum(point => (point.X - meanX) * (point.X - meanX));
        var sxy = valid.Sum(point => (point.X - meanX) * (point.Y - meanY));
        return new LinearTrend(sxx == 0 ? 0 : sxy / sxx, valid[^1].X - valid[0].X, meanY, valid.Count);
    }
}

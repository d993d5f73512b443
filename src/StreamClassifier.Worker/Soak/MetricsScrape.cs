using System.Globalization;

namespace StreamClassifier.Worker.Soak;

/// <summary>
/// One scrape of the worker's <c>/metrics</c> (Prometheus text format): every sample line as name,
/// labels and value, with the sums and histogram buckets the soak reads.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> samples;

    private MetricsScrape(List<(string Name, Dictionary<string, string> Labels, double Value)> samples) => this.samples = samples;

    /// <summary>Parses the text exposition format (comments and malformed lines are skipped).</summary>
    public static MetricsScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = brace < 0 ? -1 : line.LastIndexOf('}');
            var nameEnd = brace >= 0 ? brace : line.IndexOf(' ', StringComparison.Ordinal);
            if (nameEnd <= 0 || (brace >= 0 && close < brace))
            {
                continue;
            }

            if (brace >= 0)
            {
                ParseLabels(line[(brace + 1)..close], labels);
            }

            var rest = line[((brace >= 0 ? close : nameEnd) + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length > 0 && TryParseValue(rest[0], out var value))
            {
                samples.Add((line[..nameEnd], labels, value));
            }
        }

        return new MetricsScrape(samples);
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose labels include <paramref name="filter"/>; null when there is none.</summary>
    public double? Sum(string name, params (string Label, string Value)[] filter)
    {
        double? total = null;
        foreach (var (sampleName, labels, value) in samples)
        {
            if (sampleName == name && filter.All(pair => labels.TryGetValue(pair.Label, out var found) && found == pair.Value))
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }

    /// <summary>The largest value of any series of <paramref name="name"/>; null when there is none.</summary>
    public double? Max(string name)
    {
        double? max = null;
        foreach (var (sampleName, _, value) in samples)
        {
            if (sampleName == name)
            {
                max = Math.Max(max ?? double.MinValue, value);
            }
        }

        return max;
    }

    /// <summary>The cumulative buckets of histogram <paramref name="name"/> (the <c>_bucket</c> series, summed over other labels), by upper bound.</summary>
    public CumulativeHistogram Histogram(string name)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (sampleName, labels, value) in samples)
        {
            if (sampleName == name + "_bucket" && labels.TryGetValue("le", out var le) && TryParseValue(le, out var bound))
            {
                buckets[bound] = buckets.GetValueOrDefault(bound) + value;
            }
        }

        return new CumulativeHistogram([.. buckets.Keys], [.. buckets.Values]);
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static void ParseLabels(string text, Dictionary<string, string> labels)
    {
        var index = 0;
        while (index < text.Length)
        {
            var equals = text.IndexOf('=', index);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
            {
                return;
            }

            var name = text[index..equals].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            var position = equals + 2;
            while (position < text.Length && text[position] != '"')
            {
                if (text[position] == '\\' && position + 1 < text.Length)
                {
                    position++;
                    value.Append(text[position] == 'n' ? '\n' : text[position]);
                }
                else
                {
                    value.Append(text[position]);
                }

                position++;
            }

            labels[name] = value.ToString();
            index = position + 1;
        }
    }
}

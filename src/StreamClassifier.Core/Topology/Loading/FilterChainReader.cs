using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads a stream rule's <c>filters</c>: each filter's type and parameters, its frequencies checked against the Nyquist frequency.</summary>
internal static class FilterChainReader
{
    private const string OrderExpectation = "a whole-number filter order from 1 to 8";

    public static IReadOnlyList<FilterSpec>? Read(LoadContext context, MappingReader stream, double? sampleRateHz)
    {
        var node = stream.Get("filters");
        if (node is null)
        {
            return [];
        }

        var path = stream.PathOf("filters");
        if (node is not YamlSequenceNode list)
        {
            context.Error(node, path, $"got {LoadContext.Describe(node)}, expected a list of filters such as - {{type: bandpass, low_hz: 0.5, high_hz: 40, order: 4}}");
            return null;
        }

        var filters = new List<FilterSpec>();
        var valid = true;
        for (var index = 0; index < list.Children.Count; index++)
        {
            var filter = ReadFilter(context, list.Children[index], $"{path}[{index}]", sampleRateHz);
            valid &= filter is not null;
            if (filter is not null)
            {
                filters.Add(filter);
            }
        }

        return valid ? filters : null;
    }

    private static FilterSpec? ReadFilter(LoadContext context, YamlNode node, string path, double? sampleRateHz)
    {
        var filter = MappingReader.Open(context, node, path, "streams[].filters[]");
        if (filter is null)
        {
            return null;
        }

        var kind = filter.Choice("type", required: true, TopologySchema.FilterKinds);
        if (kind is not FilterKind filterKind)
        {
            return null;
        }

        var valid = RejectForeignParameters(filter, filterKind);
        var frequency = new FrequencyRule(sampleRateHz / 2);
        var spec = filterKind switch
        {
            FilterKind.Lowpass or FilterKind.Highpass => ReadCutoffFilter(filter, filterKind, frequency),
            FilterKind.Bandpass or FilterKind.Bandstop => ReadBandFilter(filter, filterKind, frequency),
            _ => ReadNotchFilter(filter, frequency),
        };
        return valid ? spec : null;
    }

    /// <summary>Reports every key that is not a parameter of the filter's type; false when there is one.</summary>
    private static bool RejectForeignParameters(MappingReader filter, FilterKind filterKind)
    {
        var typeName = TopologySchema.FilterKinds.First(choice => choice.Value == filterKind).Key;
        var parameters = TopologySchema.FilterParameters[filterKind];
        var valid = true;
        foreach (var key in filter.PresentKeys.Where(key => key != "type" && !parameters.Contains(key)))
        {
            filter.Invalid(key, $"'{key}' does not apply to a {typeName} filter; expected only {string.Join(", ", parameters)} besides type");
            valid = false;
        }

        return valid;
    }

    private static FilterSpec? ReadCutoffFilter(MappingReader filter, FilterKind filterKind, FrequencyRule frequency)
    {
        var cutoff = filter.Double("cutoff_hz", required: true, frequency.Accepts, frequency.Expectation);
        var order = filter.Int("order", required: true, 1, 8, OrderExpectation);
        if (cutoff is null || order is null)
        {
            return null;
        }

        return filterKind == FilterKind.Lowpass ? FilterSpec.Lowpass(cutoff.Value, order.Value) : FilterSpec.Highpass(cutoff.Value, order.Value);
    }

    private static FilterSpec? ReadBandFilter(MappingReader filter, FilterKind filterKind, FrequencyRule frequency)
    {
        var low = filter.Double("low_hz", required: true, frequency.Accepts, frequency.Expectation);
        var high = filter.Double("high_hz", required: true, frequency.Accepts, frequency.Expectation);
        var order = filter.Int("order", required: true, 1, 8, OrderExpectation);
        if (low is double lowHz && high is double highHz && lowHz >= highHz)
        {
            filter.Invalid("low_hz", $"got low_hz {LoadContext.Number(lowHz)} with high_hz {LoadContext.Number(highHz)}, expected low_hz below high_hz");
            return null;
        }

        if (low is null || high is null || order is null)
        {
            return null;
        }

        return filterKind == FilterKind.Bandpass ? FilterSpec.Bandpass(low.Value, high.Value, order.Value) : FilterSpec.Bandstop(low.Value, high.Value, order.Value);
    }

    private static FilterSpec? ReadNotchFilter(MappingReader filter, FrequencyRule frequency)
    {
        var centre = filter.Double("freq_hz", required: true, frequency.Accepts, frequency.Expectation);
        var quality = filter.Double("q", required: true, value => value > 0, "a quality factor above 0, e.g. 30 (bandwidth = freq_hz / q)");
        return centre is null || quality is null ? null : FilterSpec.Notch(centre.Value, quality.Value);
    }

    /// <summary>A filter frequency is above 0 and below the Nyquist frequency (when the rate is known).</summary>
    private readonly record struct FrequencyRule(double? Nyquist)
    {
        public string Expectation => Nyquist is double limit
            ? $"a frequency in Hz above 0 and below the Nyquist frequency {LoadContext.Number(limit)} Hz (sample_rate_hz / 2)"
            : "a frequency in Hz above 0 and below the Nyquist frequency (sample_rate_hz / 2)";

        public bool Accepts(double hz) => hz > 0 && (Nyquist is null || hz < Nyquist);
    }
}

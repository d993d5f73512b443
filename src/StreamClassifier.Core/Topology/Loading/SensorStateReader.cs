namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads a stream rule's <c>state</c> settings: the gap tolerance that resets a sensor and idle eviction.</summary>
internal static class SensorStateReader
{
    public static SensorStateSpec? Read(LoadContext context, MappingReader stream)
    {
        var defaults = new SensorStateSpec();
        var node = stream.Get("state");
        if (node is null)
        {
            return defaults;
        }

        var state = MappingReader.Open(context, node, stream.PathOf("state"), "streams[].state");
        if (state is null)
        {
            return null;
        }

        const string GapExpectation = "a number of sample periods above 1 (a gap longer than this resets the sensor's filters and window), or never";
        double? gap = defaults.GapToleranceSamples;
        var valid = true;
        if (state.Get("gap_tolerance_samples") is not null)
        {
            var text = state.String("gap_tolerance_samples", required: true, GapExpectation);
            if (string.Equals(text, "never", StringComparison.OrdinalIgnoreCase))
            {
                gap = null;
            }
            else
            {
                gap = text is null ? null : state.ParseDouble(state.Get("gap_tolerance_samples")!, state.PathOf("gap_tolerance_samples"), text, value => value > 1, GapExpectation);
                valid &= gap is not null;
            }
        }

        var idle = state.Double("idle_evict_s", required: false, value => value > 0, "a number of seconds above 0");
        valid &= !context.Errors.Any(error => error.KeyPath.StartsWith(state.Path + ".", StringComparison.Ordinal));
        return valid ? defaults with { GapToleranceSamples = gap, IdleEvictionS = idle ?? defaults.IdleEvictionS } : null;
    }
}

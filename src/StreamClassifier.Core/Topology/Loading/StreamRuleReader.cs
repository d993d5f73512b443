using StreamClassifier.Core.Models;

using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>
/// Reads the <c>streams</c> list of a topology: each stream rule's sensors, rate, channels, filter
/// chain (checked against the Nyquist frequency), window, normalisation, model, alert policy and
/// state settings, plus checks across rules (unique names, reachable sensor globs).
/// </summary>
internal static class StreamRuleReader
{
    private const int MaxChannels = 1024;
    private const int MaxWindowSize = 10_000_000;
    private const int MaxHistory = 1000;

    public static IReadOnlyList<StreamSpec>? ReadAll(LoadContext context, MappingReader root)
    {
        const string Expected = "a list of stream rules, each with name, sensors, sample_rate_hz, channels and window";
        var node = root.Get("streams");
        if (node is null)
        {
            root.Missing("streams", Expected);
            return null;
        }

        if (node is not YamlSequenceNode list)
        {
            context.Error(node, "streams", $"got {LoadContext.Describe(node)}, expected {Expected}");
            return null;
        }

        if (list.Children.Count == 0)
        {
            context.Error(node, "streams", $"the list is empty, expected {Expected}");
            return null;
        }

        var streams = new List<StreamSpec>();
        var valid = true;
        for (var index = 0; index < list.Children.Count; index++)
        {
            var stream = Read(context, list.Children[index], index);
            valid &= stream is not null;
            if (stream is not null)
            {
                streams.Add(stream);
            }
        }

        CheckAcrossStreams(context, list, streams);
        return valid ? streams : null;
    }

    private static void CheckAcrossStreams(LoadContext context, YamlSequenceNode list, List<StreamSpec> streams)
    {
        for (var later = 0; later < streams.Count; later++)
        {
            var stream = streams[later];
            var node = list.Children[stream.Index!.Value];
            foreach (var earlier in streams.Take(later))
            {
                if (string.Equals(earlier.Name, stream.Name, StringComparison.Ordinal))
                {
                    context.Error(ValueNode(node, "name"), stream.KeyPath + ".name", $"got duplicate stream name '{stream.Name}' (also {earlier.KeyPath}.name), expected a name unique in the topology");
                }

                // First match wins: a later rule behind an identical or match-all glob never sees a sensor.
                if (string.Equals(earlier.Sensors, stream.Sensors, StringComparison.Ordinal) || earlier.Sensors.All(character => character == '*'))
                {
                    context.Error(ValueNode(node, "sensors"), stream.KeyPath + ".sensors", $"'{stream.Sensors}' can never match: {earlier.KeyPath}.sensors '{earlier.Sensors}' comes first and takes every such sensor (the first matching rule wins); expected a narrower glob earlier or a different one here");
                    break;
                }
            }
        }
    }

    private static YamlNode ValueNode(YamlNode streamNode, string key) =>
        streamNode is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : streamNode;

    private static StreamSpec? Read(LoadContext context, YamlNode node, int index)
    {
        var path = $"streams[{index}]";
        var stream = MappingReader.Open(context, node, path, "streams[]");
        if (stream is null)
        {
            return null;
        }

        var name = stream.String("name", required: true, "a stream name (letters, digits, '.', '_', '-')");
        if (name is not null && !LoadContext.IsSimpleName(name))
        {
            stream.Invalid("name", $"got {LoadContext.Quote(name)}, expected letters, digits, '.', '_' and '-' only");
            name = null;
        }

        var sensors = ReadSensors(stream);
        var rate = stream.Double("sample_rate_hz", required: true, value => value > 0, "a sample rate in Hz above 0, e.g. 360");
        var channels = ReadChannels(context, stream);
        var filters = ReadFilters(context, stream, rate);
        var window = ReadWindow(context, stream);
        var normalize = ReadNormalization(context, stream, channels?.Count);
        var modelPresent = stream.Get("model") is not null;
        var model = modelPresent ? ReadModel(context, stream) : null;
        var alertPresent = stream.Get("alert") is not null;
        var alert = alertPresent ? ReadAlert(context, stream) : null;
        if (alertPresent && !modelPresent)
        {
            stream.Invalid("alert", "a stream without a model has no scores to alert on; add model: {path: ...} or remove alert");
        }

        var state = ReadState(context, stream);

        if (name is null || sensors is null || rate is null || channels is null || filters is null || window is null || normalize is null
            || (modelPresent && model is null) || (alertPresent && alert is null) || state is null)
        {
            return null;
        }

        return new StreamSpec
        {
            Name = name,
            Index = index,
            Sensors = sensors,
            SampleRateHz = rate.Value,
            Channels = channels,
            Filters = filters,
            Window = window,
            Normalize = normalize,
            Model = model,
            Alert = alert,
            State = state,
        };
    }

    private static string? ReadSensors(MappingReader stream)
    {
        const string Expected = "a glob on sensor ids using * (any run of characters) and ? (one character), e.g. \"ecg-*\"";
        var sensors = stream.String("sensors", required: true, Expected);
        if (sensors is null)
        {
            return null;
        }

        var bad = sensors.FirstOrDefault(character => char.IsWhiteSpace(character) || char.IsControl(character) || character is '[' or ']' or '{' or '}' or '\\' or '!');
        if (bad != default)
        {
            var why = char.IsWhiteSpace(bad) || char.IsControl(bad) ? "whitespace or control characters never occur in sensor ids" : $"'{bad}' is not glob syntax here (no character classes, alternatives or escapes)";
            stream.Invalid("sensors", $"got {LoadContext.Quote(sensors)}: {why}; expected {Expected}");
            return null;
        }

        return sensors;
    }

    private static IReadOnlyList<int>? ReadChannels(LoadContext context, MappingReader stream)
    {
        var expected = $"a channel count from 1 to {MaxChannels} (takes channels 0..n-1) or a list of distinct channel indexes >= 0, e.g. [0]";
        var node = stream.Get("channels");
        if (node is null)
        {
            stream.Missing("channels", expected);
            return null;
        }

        var path = stream.PathOf("channels");
        if (node is YamlScalarNode)
        {
            var count = stream.Int("channels", required: true, 1, MaxChannels, expected);
            return count is int channelCount ? Enumerable.Range(0, channelCount).ToArray() : null;
        }

        if (node is not YamlSequenceNode list)
        {
            context.Error(node, path, $"got {LoadContext.Describe(node)}, expected {expected}");
            return null;
        }

        if (list.Children.Count == 0)
        {
            context.Error(node, path, $"the list is empty, expected {expected}");
            return null;
        }

        var indexes = new List<int>();
        var seenAt = new Dictionary<int, int>();
        var valid = true;
        for (var position = 0; position < list.Children.Count; position++)
        {
            var item = list.Children[position];
            var itemPath = $"{path}[{position}]";
            if (!context.TryScalar(item, itemPath, "a channel index", out var text) || text is null
                || !int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var channel) || channel < 0 || channel >= MaxChannels)
            {
                if (!context.Errors.Any(error => error.KeyPath == itemPath))
                {
                    context.Error(item, itemPath, $"got {LoadContext.Describe(item)}, expected a channel index from 0 to {MaxChannels - 1}");
                }

                valid = false;
                continue;
            }

            if (seenAt.TryGetValue(channel, out var first))
            {
                context.Error(item, itemPath, $"got channel {channel} twice (also {path}[{first}]), expected each channel index once");
                valid = false;
                continue;
            }

            seenAt[channel] = position;
            indexes.Add(channel);
        }

        return valid ? indexes : null;
    }

    private static IReadOnlyList<FilterSpec>? ReadFilters(LoadContext context, MappingReader stream, double? sampleRateHz)
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

        var typeName = TopologySchema.FilterKinds.First(choice => choice.Value == filterKind).Key;
        var parameters = TopologySchema.FilterParameters[filterKind];
        var valid = true;
        foreach (var key in filter.PresentKeys.Where(key => key != "type" && !parameters.Contains(key)))
        {
            filter.Invalid(key, $"'{key}' does not apply to a {typeName} filter; expected only {string.Join(", ", parameters)} besides type");
            valid = false;
        }

        var nyquist = sampleRateHz / 2;
        var frequencyExpectation = nyquist is double limit
            ? $"a frequency in Hz above 0 and below the Nyquist frequency {LoadContext.Number(limit)} Hz (sample_rate_hz / 2)"
            : "a frequency in Hz above 0 and below the Nyquist frequency (sample_rate_hz / 2)";
        bool IsBelowNyquist(double hz) => hz > 0 && (nyquist is null || hz < nyquist);
        const string OrderExpectation = "a whole-number filter order from 1 to 8";

        switch (filterKind)
        {
            case FilterKind.Lowpass or FilterKind.Highpass:
                {
                    var cutoff = filter.Double("cutoff_hz", required: true, IsBelowNyquist, frequencyExpectation);
                    var order = filter.Int("order", required: true, 1, 8, OrderExpectation);
                    if (!valid || cutoff is null || order is null)
                    {
                        return null;
                    }

                    return filterKind == FilterKind.Lowpass ? FilterSpec.Lowpass(cutoff.Value, order.Value) : FilterSpec.Highpass(cutoff.Value, order.Value);
                }

            case FilterKind.Bandpass or FilterKind.Bandstop:
                {
                    var low = filter.Double("low_hz", required: true, IsBelowNyquist, frequencyExpectation);
                    var high = filter.Double("high_hz", required: true, IsBelowNyquist, frequencyExpectation);
                    var order = filter.Int("order", required: true, 1, 8, OrderExpectation);
                    if (low is double lowHz && high is double highHz && lowHz >= highHz)
                    {
                        filter.Invalid("low_hz", $"got low_hz {LoadContext.Number(lowHz)} with high_hz {LoadContext.Number(highHz)}, expected low_hz below high_hz");
                        valid = false;
                    }

                    if (!valid || low is null || high is null || order is null)
                    {
                        return null;
                    }

                    return filterKind == FilterKind.Bandpass ? FilterSpec.Bandpass(low.Value, high.Value, order.Value) : FilterSpec.Bandstop(low.Value, high.Value, order.Value);
                }

            default:
                {
                    var frequency = filter.Double("freq_hz", required: true, IsBelowNyquist, frequencyExpectation);
                    var quality = filter.Double("q", required: true, value => value > 0, "a quality factor above 0, e.g. 30 (bandwidth = freq_hz / q)");
                    return !valid || frequency is null || quality is null ? null : FilterSpec.Notch(frequency.Value, quality.Value);
                }
        }
    }

    private static WindowSpec? ReadWindow(LoadContext context, MappingReader stream)
    {
        var node = stream.Get("window");
        if (node is null)
        {
            stream.Missing("window", "a mapping {size: samples per window, hop: samples between window starts}");
            return null;
        }

        var window = MappingReader.Open(context, node, stream.PathOf("window"), "streams[].window");
        if (window is null)
        {
            return null;
        }

        var size = window.Int("size", required: true, 1, MaxWindowSize, $"a whole number of samples per window from 1 to {MaxWindowSize}");
        var hop = window.Int("hop", required: true, 1, MaxWindowSize, "a whole number of samples between window starts >= 1");
        if (size is int windowSize && hop is int windowHop && windowHop > windowSize)
        {
            window.Invalid("hop", $"got {windowHop} with size {windowSize}, expected a hop from 1 to the window size (a larger hop would skip samples between windows)");
            return null;
        }

        return size is null || hop is null ? null : new WindowSpec(size.Value, hop.Value);
    }

    private static NormalizationSpec? ReadNormalization(LoadContext context, MappingReader stream, int? channelCount)
    {
        var node = stream.Get("normalize");
        if (node is null)
        {
            return NormalizationSpec.ZScore;
        }

        if (node is YamlScalarNode)
        {
            return stream.Choice("normalize", required: true, TopologySchema.NormalizationKinds, "a mapping {mean: [..], std: [..]} for fixed normalisation") switch
            {
                NormalizationKind.ZScore => NormalizationSpec.ZScore,
                NormalizationKind.None => NormalizationSpec.None,
                _ => null,
            };
        }

        if (node is not YamlMappingNode)
        {
            context.Error(node, stream.PathOf("normalize"), $"got {LoadContext.Describe(node)}, expected zscore, none, or a mapping {{mean: [..], std: [..]}} with one value per channel");
            return null;
        }

        var normalize = MappingReader.Open(context, node, stream.PathOf("normalize"), "streams[].normalize");
        if (normalize is null)
        {
            return null;
        }

        var mean = ReadChannelValues(context, normalize, "mean", channelCount, value => true, "a number");
        var std = ReadChannelValues(context, normalize, "std", channelCount, value => value > 0, "a standard deviation above 0");
        return mean is null || std is null ? null : new NormalizationSpec(NormalizationKind.Fixed, mean, std);
    }

    private static double[]? ReadChannelValues(LoadContext context, MappingReader normalize, string key, int? channelCount, Func<double, bool> isValid, string expectedItem)
    {
        var countText = channelCount is int count ? $"{count} (one per channel)" : "one per channel";
        var expected = $"a list of {countText} numbers, each {expectedItem}";
        var node = normalize.Get(key);
        var path = normalize.PathOf(key);
        if (node is null)
        {
            normalize.Missing(key, expected);
            return null;
        }

        if (node is not YamlSequenceNode list)
        {
            context.Error(node, path, $"got {LoadContext.Describe(node)}, expected {expected}");
            return null;
        }

        var values = new double[list.Children.Count];
        var valid = true;
        for (var index = 0; index < values.Length; index++)
        {
            var item = list.Children[index];
            var itemPath = $"{path}[{index}]";
            if (!context.TryScalar(item, itemPath, expectedItem, out var text))
            {
                valid = false;
                continue;
            }

            var value = normalize.ParseDouble(item, itemPath, text ?? string.Empty, isValid, expectedItem);
            valid &= value is not null;
            values[index] = value ?? 0;
        }

        if (channelCount is int channels && values.Length != channels)
        {
            context.Error(node, path, $"got {values.Length} values, expected {countText} because the stream takes {channels} channel{(channels == 1 ? string.Empty : "s")}");
            valid = false;
        }

        return valid ? values : null;
    }

    private static ModelSpec? ReadModel(LoadContext context, MappingReader stream)
    {
        var model = MappingReader.Open(context, stream.Get("model")!, stream.PathOf("model"), "streams[].model");
        if (model is null)
        {
            return null;
        }

        var path = model.String("path", required: true, "the path of an .onnx file (relative paths resolve against the topology's base directory)");
        var layout = model.Choice("input_layout", required: false, TopologySchema.InputLayouts);
        var output = model.Choice("output", required: false, TopologySchema.OutputKinds);
        var watch = model.Bool("watch", "hot-swap a new model version placed at the path");
        var streaming = model.Bool("streaming", "score a streamable model hop by hop (false recomputes whole windows)");
        return path is null ? null : new ModelSpec { Path = path, InputLayout = layout, Output = output, Watch = watch ?? true, Streaming = streaming ?? true };
    }

    private static AlertPolicySpec? ReadAlert(LoadContext context, MappingReader stream)
    {
        var alert = MappingReader.Open(context, stream.Get("alert")!, stream.PathOf("alert"), "streams[].alert");
        if (alert is null)
        {
            return null;
        }

        const string Probability = "a probability from 0 to 1";
        var threshold = alert.Double("threshold", required: false, value => value is >= 0 and <= 1, Probability + " (omit it to use the model card's calibrated threshold)");
        var raiseAfter = alert.Int("raise_after", required: false, 1, MaxHistory, $"a whole number of scores from 1 to {MaxHistory}");
        var ofLast = alert.Int("of_last", required: false, 1, MaxHistory, $"a whole number of scores from 1 to {MaxHistory}");
        var clearBelow = alert.Double("clear_below", required: false, value => value is >= 0 and <= 1, Probability);
        var clearAfter = alert.Int("clear_after", required: false, 1, MaxHistory, $"a whole number of scores from 1 to {MaxHistory}");
        var cooldown = alert.Double("cooldown_s", required: false, value => value >= 0, "a number of seconds >= 0");
        var valid = !context.Errors.Any(error => error.KeyPath.StartsWith(alert.Path + ".", StringComparison.Ordinal));

        var raiseCount = raiseAfter ?? 1;
        var window = ofLast ?? raiseCount;
        if (raiseCount > window)
        {
            alert.Invalid("raise_after", $"got raise_after {raiseCount} with of_last {window}, expected raise_after at most of_last (k of the last n scores)");
            valid = false;
        }

        if (clearBelow is double clear && threshold is double raise && clear > raise)
        {
            alert.Invalid("clear_below", $"got clear_below {LoadContext.Number(clear)} above threshold {LoadContext.Number(raise)}, expected clear_below at most the threshold (hysteresis)");
            valid = false;
        }

        return valid
            ? new AlertPolicySpec { Threshold = threshold, RaiseAfter = raiseCount, OfLast = window, ClearBelow = clearBelow, ClearAfter = clearAfter ?? 1, CooldownS = cooldown ?? 0 }
            : null;
    }

    private static SensorStateSpec? ReadState(LoadContext context, MappingReader stream)
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

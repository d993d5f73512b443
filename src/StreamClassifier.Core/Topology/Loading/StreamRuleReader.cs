using StreamClassifier.Core.Models;

using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>
/// Reads the <c>streams</c> list of a topology: each stream rule's sensors, rate, channels, filter
/// chain (checked against the Nyquist frequency), window, normalisation, model, alert policy and
/// state settings (each section through its own reader), plus checks across rules (unique names,
/// reachable sensor globs).
/// </summary>
internal static class StreamRuleReader
{
    private const int MaxWindowSize = 10_000_000;

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
        var channels = ChannelSelectionReader.Read(context, stream);
        var filters = FilterChainReader.Read(context, stream, rate);
        var window = ReadWindow(context, stream);
        var normalize = NormalizationReader.Read(context, stream, channels?.Count);
        var modelPresent = stream.Get("model") is not null;
        var model = modelPresent ? ReadModel(context, stream) : null;
        var alertPresent = stream.Get("alert") is not null;
        var alert = alertPresent ? AlertPolicyReader.Read(context, stream) : null;
        if (alertPresent && !modelPresent)
        {
            stream.Invalid("alert", "a stream without a model has no scores to alert on; add model: {path: ...} or remove alert");
        }

        var state = SensorStateReader.Read(context, stream);

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
}

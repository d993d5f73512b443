using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads a stream rule's <c>normalize</c>: zscore, none, or fixed per-channel mean and standard deviation.</summary>
internal static class NormalizationReader
{
    public static NormalizationSpec? Read(LoadContext context, MappingReader stream, int? channelCount)
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
}

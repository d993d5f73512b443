using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>Reads a stream rule's <c>channels</c>: a count (channels 0..n-1) or a list of distinct channel indexes.</summary>
internal static class ChannelSelectionReader
{
    private const int MaxChannels = 1024;

    public static IReadOnlyList<int>? Read(LoadContext context, MappingReader stream)
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

        return ReadIndexList(context, list, path);
    }

    private static List<int>? ReadIndexList(LoadContext context, YamlSequenceNode list, string path)
    {
        var indexes = new List<int>();
        var seenAt = new Dictionary<int, int>();
        var valid = true;
        for (var position = 0; position < list.Children.Count; position++)
        {
            var item = list.Children[position];
            var itemPath = $"{path}[{position}]";
            if (ReadIndex(context, item, itemPath) is not int channel)
            {
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

    private static int? ReadIndex(LoadContext context, YamlNode item, string itemPath)
    {
        if (context.TryScalar(item, itemPath, "a channel index", out var text) && text is not null
            && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var channel) && channel >= 0 && channel < MaxChannels)
        {
            return channel;
        }

        if (!context.Errors.Any(error => error.KeyPath == itemPath))
        {
            context.Error(item, itemPath, $"got {LoadContext.Describe(item)}, expected a channel index from 0 to {MaxChannels - 1}");
        }

        return null;
    }
}

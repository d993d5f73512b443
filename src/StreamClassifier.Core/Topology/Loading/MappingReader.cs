using System.Globalization;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>
/// Reads one YAML mapping of a topology: rejects keys the schema does not list (suggesting the
/// closest), and reads typed values, recording an error with the key path and position for every
/// missing, mistyped or out-of-range value.
/// </summary>
internal sealed class MappingReader
{
    private readonly LoadContext context;
    private readonly Dictionary<string, YamlNode> values = new(StringComparer.Ordinal);

    private MappingReader(LoadContext context, YamlMappingNode node, string path)
    {
        this.context = context;
        Node = node;
        Path = path;
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping whose keys must be among the schema's keys for
    /// <paramref name="schemaKey"/>; null (with an error recorded) when it is not a mapping.
    /// </summary>
    public static MappingReader? Open(LoadContext context, YamlNode node, string path, string schemaKey)
    {
        var allowed = TopologySchema.MappingKeys[schemaKey];
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, path, $"got {LoadContext.Describe(node)}, expected a mapping with the keys {string.Join(", ", allowed)}");
            return null;
        }

        var reader = new MappingReader(context, mapping, path);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: string key })
            {
                context.Error(keyNode, path, $"got {LoadContext.Describe(keyNode)} as a key, expected one of {string.Join(", ", allowed)}");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                context.Error(keyNode, LoadContext.Join(path, key), $"unknown key '{key}'{KeySuggestion.Hint(key, allowed)}; allowed keys here: {string.Join(", ", allowed)}");
                continue;
            }

            reader.values[key] = valueNode;
        }

        return reader;
    }

    public string PathOf(string key) => LoadContext.Join(Path, key);

    /// <summary>The value node of <paramref name="key"/>, or null when absent or YAML null.</summary>
    public YamlNode? Get(string key) =>
        values.TryGetValue(key, out var node) && !LoadContext.IsNull(node) ? node : null;

    /// <summary>The keys present (after rejecting unknown ones), in file order.</summary>
    public IEnumerable<string> PresentKeys => values.Keys;

    /// <summary>Where a key's value is, or the mapping itself when the key is absent.</summary>
    public Mark MarkOf(string key) => Get(key)?.Start ?? Node.Start;

    public void Missing(string key, string expected) =>
        context.Error(Node, PathOf(key), $"required key is missing; expected {expected}");

    public void Invalid(string key, string detail) => context.Error(MarkOf(key), PathOf(key), detail);

    /// <summary>A text value; empty text counts as absent unless required.</summary>
    public string? String(string key, bool required, string expected)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                Missing(key, expected);
            }

            return null;
        }

        if (!context.TryScalar(node, PathOf(key), expected, out var text))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                context.Error(node, PathOf(key), $"got an empty value{AfterSubstitution(node)}, expected {expected}");
            }

            return null;
        }

        return text;
    }

    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int? Int(string key, bool required, int minimum, int maximum, string expected)
    {
        var text = String(key, required, expected);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            Invalid(key, $"got {LoadContext.Quote(text)}, expected {expected}");
            return null;
        }

        return (int)value;
    }

    /// <summary>A finite number for which <paramref name="isValid"/> holds.</summary>
    public double? Double(string key, bool required, Func<double, bool> isValid, string expected)
    {
        var text = String(key, required, expected);
        return text is null ? null : ParseDouble(Get(key)!, PathOf(key), text, isValid, expected);
    }

    public double? ParseDouble(YamlNode node, string path, string text, Func<double, bool> isValid, string expected)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || !isValid(value))
        {
            context.Error(node, path, $"got {LoadContext.Quote(text)}, expected {expected}");
            return null;
        }

        return value;
    }

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public bool? Bool(string key, string meaning)
    {
        var expected = $"true or false ({meaning})";
        var text = String(key, required: false, expected);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Invalid(key, $"got {LoadContext.Quote(text)}, expected {expected}");
        return null;
    }

    /// <summary>One of a fixed set of names (case-insensitive); <paramref name="otherwise"/> describes another accepted form for the message.</summary>
    public T? Choice<T>(string key, bool required, IReadOnlyList<KeyValuePair<string, T>> choices, string? otherwise = null)
        where T : struct
    {
        var names = choices.Select(choice => choice.Key).ToArray();
        var expected = "one of " + string.Join(", ", names) + (otherwise is null ? string.Empty : ", or " + otherwise);
        var text = String(key, required, expected);
        if (text is null)
        {
            return null;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice.Key, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }

        Invalid(key, $"got {LoadContext.Quote(text)}{KeySuggestion.Hint(text, names)}, expected {expected}");
        return null;
    }

    private static string AfterSubstitution(YamlNode node) =>
        node is YamlScalarNode { Value: string raw } && EnvironmentSubstitution.HasReference(raw) ? $" (after substituting {LoadContext.Quote(raw)})" : string.Empty;
}

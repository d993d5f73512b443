using System.Globalization;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamClassifier.Core.Topology.Loading;

/// <summary>
/// State of one topology load: the source name, the environment for <c>${VAR}</c> substitution,
/// and every error found so far (loading continues after an error so that all are reported).
/// </summary>
internal sealed class LoadContext(string source, Func<string, string?> environment)
{
    public string Source { get; } = source;

    public List<TopologyError> Errors { get; } = [];

    public void Error(YamlNode? node, string path, string detail) =>
        Error(node?.Start ?? Mark.Empty, path, detail);

    public void Error(Mark mark, string path, string detail)
    {
        int? line = mark.Line > 0 ? (int)mark.Line : null;
        int? column = mark.Line > 0 ? (int)mark.Column : null;
        Errors.Add(new TopologyError(Source, path, line, column, detail));
    }

    /// <summary>
    /// The text of a scalar after <c>${VAR}</c> substitution; null for YAML null. Returns false (and
    /// records the error) when the node is not a scalar or substitution fails.
    /// </summary>
    public bool TryScalar(YamlNode node, string path, string expected, out string? text)
    {
        text = null;
        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, $"got {Describe(node)}, expected {expected}");
            return false;
        }

        if (IsNull(scalar))
        {
            return true;
        }

        if (!EnvironmentSubstitution.TrySubstitute(scalar.Value ?? string.Empty, environment, out var substituted, out var error))
        {
            Error(node, path, error!);
            return false;
        }

        text = substituted;
        return true;
    }

    /// <summary>True for a plain <c>null</c>, <c>~</c> or empty value (YAML's null).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    /// <summary>How a node reads in a message: the quoted text of a scalar, or what kind of node it is.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping ({ key: value })",
        YamlSequenceNode => "a list ([ ... ])",
        YamlScalarNode scalar when IsNull(scalar) => "an empty value",
        YamlScalarNode scalar => Quote(scalar.Value ?? string.Empty),
        _ => "an unexpected node",
    };

    public static string Quote(string text) => "'" + text + "'";

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>Names that go into alerts and metrics: letters, digits, '.', '_' and '-'.</summary>
    public static bool IsSimpleName(string name) =>
        name.Length is > 0 and <= 200 && name.All(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-');
}

namespace StreamClassifier.Trainer.Training;

/// <summary>
/// Reads an <see cref="Architecture"/> from its name, case-insensitively, and also from the seed names
/// the first three carried (<c>SeedConv1D</c>, <c>SeedBatchNorm</c>, <c>SeedMultiKernel</c>), which
/// older command lines and model cards (<c>training.architecture</c>) use.
/// </summary>
internal static class ArchitectureNames
{
    private static readonly Dictionary<string, Architecture> SeedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SeedConv1D"] = Architecture.ConvDense,
        ["SeedBatchNorm"] = Architecture.ConvBatchNorm,
        ["SeedMultiKernel"] = Architecture.MultiKernelConv,
    };

    /// <summary>Every accepted current name, for messages.</summary>
    public static string Listed => string.Join(", ", Enum.GetNames<Architecture>());

    /// <summary>Parses <paramref name="text"/>: a current name or a seed name, case-insensitively.</summary>
    public static bool TryParse(string? text, out Architecture architecture)
    {
        architecture = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var name = text.Trim();
        if (SeedNames.TryGetValue(name, out architecture))
        {
            return true;
        }

        var match = Enum.GetNames<Architecture>().FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return false;
        }

        architecture = Enum.Parse<Architecture>(match);
        return true;
    }
}

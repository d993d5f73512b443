namespace StreamClassifier.Testing;

/// <summary>
/// Something a test needs that a bare clone does not carry (a public dataset, an external tool).
/// When it is missing the test is reported as skipped, with what is missing and the command that
/// gets it; under CI (<c>CI=true</c>) a missing requirement fails the test instead, so nothing can
/// hide behind a skip there. Tests that call it are marked <c>[SkippableFact]</c> or
/// <c>[SkippableTheory]</c>.
/// </summary>
internal static class TestRequirement
{
    /// <summary>True when the tests run under CI, where every requirement must be met.</summary>
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Skips the calling test (fails it under CI) unless <paramref name="present"/>.
    /// </summary>
    /// <param name="present">Whether the requirement is met.</param>
    /// <param name="missing">What is missing and where it was looked for.</param>
    /// <param name="howToGet">The exact command (or step) that provides it.</param>
    public static void Require(bool present, string missing, string howToGet)
    {
        if (present)
        {
            return;
        }

        var reason = $"{missing}. Get it with: {howToGet}";
        if (UnderCi)
        {
            Assert.Fail($"CI=true and a requirement is missing (a skip is not allowed under CI): {reason}");
        }

        Skip.If(true, reason);
    }

    /// <summary>
    /// Skips the calling test (fails it under CI) unless the executable <paramref name="tool"/> is on the PATH;
    /// returns its full path.
    /// </summary>
    /// <param name="tool">The executable's file name, e.g. <c>prometheus</c>.</param>
    /// <param name="howToGet">The exact command (or step) that installs it.</param>
    public static string RequireTool(string tool, string howToGet)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
        Require(found is not null, $"The executable '{tool}' is not on the PATH", howToGet);
        return found!;
    }
}

namespace StreamClassifier.Worker.Tests.Deploy;

/// <summary>
/// Finds an external program a test needs (promtool, prometheus). Absent: the test is skipped with the
/// reason and the install command, except in CI (<c>CI=true</c>), where a missing tool is a failure.
/// </summary>
internal static class ExternalTool
{
    /// <summary>The install command for the Prometheus tools on Debian (what <c>.ci/run</c> runs).</summary>
    public const string PrometheusInstall = "apt-get update && apt-get install -y prometheus";

    /// <summary>The full path of <paramref name="name"/> on PATH; skips (or fails in CI) when it is not there.</summary>
    public static string Require(string name, string install)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        var reason = $"'{name}' is not on PATH; install it with: {install}";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI=true and {reason}");
        Skip.If(true, reason);
        return name;
    }
}

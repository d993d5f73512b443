namespace StreamClassifier.Testing;

/// <summary>
/// Runs one of the product's executables (beside the test assembly) with a bad option or environment
/// variable, and asserts how it failed: the expected exit code, one line starting with <c>error:</c>
/// that says what (<c>expected</c>), and never a stack trace (a topology's message may list its problems on
/// the lines below, one <c>- </c> line each).
/// </summary>
internal static class BadOptionRun
{
    /// <summary>Runs <paramref name="dll"/> with <paramref name="arguments"/> and asserts the failure.</summary>
    /// <returns>The error line.</returns>
    public static string AssertFailsWithOneLine(string dll, string[] arguments, int exitCode, string expected, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["DOTNET_gcServer"] = "0" };
        using var run = ProcessRun.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. arguments], variables, workingDirectory);
        var actualExit = run.WaitForExit(TimeSpan.FromMinutes(2));
        var output = run.Output;
        var what = $"{dll} {string.Join(' ', arguments)}";
        Assert.True(exitCode == actualExit, $"{what}: exit code {actualExit}, expected {exitCode}. Output:\n{output}");
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var start = Assert.Single(lines.Index(), line => line.Item.StartsWith("error:", StringComparison.Ordinal)).Index;
        // A topology's message lists its problems below the first line, one "- " line each.
        var message = string.Join(' ', lines.Skip(start).TakeWhile((line, index) => index == 0 || line.StartsWith("- ", StringComparison.Ordinal)));
        Assert.True(message.Contains(expected, StringComparison.Ordinal), $"{what}: the error does not say '{expected}':\n{output}");
        return message;
    }
}

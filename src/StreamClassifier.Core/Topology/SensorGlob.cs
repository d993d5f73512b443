namespace StreamClassifier.Core.Topology;

/// <summary>Glob matching on sensor ids: <c>*</c> is any run of characters, <c>?</c> one character.</summary>
public static class SensorGlob
{
    /// <summary>True when <paramref name="sensorId"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string sensorId)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(sensorId);
        return Match(pattern.AsSpan(), sensorId.AsSpan());
    }

    // Iterative wildcard match with single backtrack point: linear for the patterns used here.
    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

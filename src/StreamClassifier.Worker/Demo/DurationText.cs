using System.Globalization;

namespace StreamClassifier.Worker.Demo;

/// <summary>Parses durations as the demo's options take them: <c>90</c> (seconds), <c>500ms</c>, <c>60s</c>, <c>2m</c>, <c>1.5h</c>, <c>1m30s</c>.</summary>
internal static class DurationText
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">Not a positive duration; the message shows the accepted forms.</exception>
    public static TimeSpan Parse(string text, string optionName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.Trim();
        var total = TimeSpan.Zero;
        var parts = 0;
        while (rest.Length > 0)
        {
            var numberEnd = 0;
            while (numberEnd < rest.Length && (char.IsAsciiDigit(rest[numberEnd]) || rest[numberEnd] == '.'))
            {
                numberEnd++;
            }

            var unitEnd = numberEnd;
            while (unitEnd < rest.Length && char.IsAsciiLetter(rest[unitEnd]))
            {
                unitEnd++;
            }

            if (numberEnd == 0 || !double.TryParse(rest[..numberEnd], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw Invalid(text, optionName);
            }

            var unit = rest[numberEnd..unitEnd].ToLowerInvariant();
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "" or "s" => TimeSpan.FromSeconds(number),
                "m" or "min" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => throw Invalid(text, optionName),
            };
            parts++;
            rest = rest[unitEnd..];
        }

        return parts > 0 && total > TimeSpan.Zero ? total : throw Invalid(text, optionName);
    }

    private static FormatException Invalid(string text, string optionName) =>
        new($"{optionName} is \"{text}\"; give a positive duration such as 90 (seconds), 60s, 2m, 1m30s or 500ms.");
}

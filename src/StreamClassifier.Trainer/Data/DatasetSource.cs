namespace StreamClassifier.Trainer.Data;

/// <summary>Which data to train on, as written on the command line: <c>ucr:NAME</c>, <c>csv:PATH</c>, <c>mitbih:CONFIG</c> or <c>recordings:CONFIG</c>.</summary>
internal abstract record DatasetSource
{
    /// <summary>Parses the <c>--dataset</c> value.</summary>
    /// <exception cref="DatasetFormatException">The value has no known prefix or an empty argument.</exception>
    public static DatasetSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? string.Empty : text[..colon].Trim().ToLowerInvariant();
        var argument = colon < 0 ? string.Empty : text[(colon + 1)..].Trim();
        if (argument.Length == 0 || kind is not ("ucr" or "csv" or "mitbih" or "recordings"))
        {
            throw new DatasetFormatException($"--dataset '{text}' is not understood. Use ucr:NAME (e.g. ucr:GunPoint), csv:PATH (a labelled CSV, see docs/datasets.md), mitbih:CONFIG (a JSON config, or mitbih:default) or recordings:CONFIG (your own recordings and events, see docs/own-data.md).");
        }

        return kind switch
        {
            "ucr" => new UcrSource(argument),
            "csv" => new CsvSource(argument),
            "recordings" => new RecordingsSource(argument),
            _ => new MitBihSource(argument),
        };
    }
}

/// <summary>A UCR archive dataset by name.</summary>
/// <param name="Name">Dataset name, e.g. <c>GunPoint</c>.</param>
internal sealed record UcrSource(string Name) : DatasetSource;

/// <summary>A labelled CSV file (its TEST split is the sibling <c>*_TEST.csv</c> when the file is named <c>*_TRAIN.csv</c>).</summary>
/// <param name="Path">The CSV file.</param>
internal sealed record CsvSource(string Path) : DatasetSource;

/// <summary>MIT-BIH records windowed per a JSON config (<c>default</c> = the demo configuration).</summary>
/// <param name="ConfigPath">Config file, or <c>default</c>.</param>
internal sealed record MitBihSource(string ConfigPath) : DatasetSource;

/// <summary>The user's own recordings and events, cut by a topology's stream rule (docs/own-data.md).</summary>
/// <param name="ConfigPath">The recordings config (JSON).</param>
internal sealed record RecordingsSource(string ConfigPath) : DatasetSource;

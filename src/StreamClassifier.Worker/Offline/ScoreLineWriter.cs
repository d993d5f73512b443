using System.Text.Json;
using StreamClassifier.Core.Records;

namespace StreamClassifier.Worker.Offline;

/// <summary>
/// Writes the <c>score</c> command's JSONL: one object per line, <c>{"type":"window",...}</c> for each
/// scored window and <c>{"type":"alert",...alert record...}</c> for each alert event.
/// </summary>
internal sealed class ScoreLineWriter : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream output;
    private readonly Utf8JsonWriter json;
    private readonly bool emitWindows;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="emitWindows">Also write each window's normalised values, an array per channel.</param>
    public ScoreLineWriter(Stream output, bool emitWindows)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
        this.emitWindows = emitWindows;
        json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false });
    }

    /// <summary>Windows written.</summary>
    public long WindowLines { get; private set; }

    /// <summary>Alerts written.</summary>
    public long AlertLines { get; private set; }

    /// <summary>Writes one scored window.</summary>
    public void Write(WindowScore scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var window = scored.Window;
        json.WriteStartObject();
        json.WriteString("type", "window");
        json.WriteString("sensor", window.SensorId);
        json.WriteString("stream", window.StreamName);
        json.WriteNumber("start_index", window.StartIndex);
        json.WriteNumber("end_index", window.EndIndex);
        json.WriteNumber("start_ms", window.StartMs);
        json.WriteNumber("end_ms", window.EndMs);
        json.WriteNumber("score", scored.Score);
        json.WriteString("model", scored.ModelName);
        json.WriteString("model_version", scored.ModelVersion);
        if (emitWindows)
        {
            json.WriteStartArray("window");
            for (var channel = 0; channel < window.Channels; channel++)
            {
                json.WriteStartArray();
                foreach (var value in window.Values.AsSpan(channel * window.Length, window.Length))
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        EndLine();
        WindowLines++;
    }

    /// <summary>Writes one alert event.</summary>
    public void Write(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        json.WriteStartObject();
        json.WriteString("type", "alert");
        alert.WriteFields(json);
        json.WriteEndObject();
        EndLine();
        AlertLines++;
    }

    /// <summary>Flushes buffered output.</summary>
    public void Flush() => json.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        json.Flush();
        json.Dispose();
    }

    private void EndLine()
    {
        json.Flush();
        output.Write(NewLine);
        json.Reset(output);
    }
}

using System.Globalization;
using System.Text;
using StreamClassifier.Testing;

namespace StreamClassifier.Worker.Tests.Offline;

/// <summary>A temporary folder with a topology over the seed's Example 1 network (1 × 100, plain ONNX) and CSV recordings.</summary>
internal sealed class OfflineFixture : IDisposable
{
    public OfflineFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sc-offline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        TopologyPath = Path.Combine(Folder, "offline.yaml");
        File.WriteAllText(TopologyPath, Topology(SharedPaths.Reference("onnx", "seed_example1.onnx")));
    }

    public string Folder { get; }

    public string TopologyPath { get; }

    public static string Topology(string modelPath, string extraStreamKeys = "") => $$"""
        name: offline-test
        source:
          kafka: {bootstrap: embedded, topic: sensors.test, group: test}
        batching: {max_batch: 8, max_delay_ms: 5}
        streams:
          - name: ecg
            sensors: "ecg-*"
            sample_rate_hz: 100
            channels: [0]
            filters:
              - {type: bandpass, low_hz: 0.5, high_hz: 20, order: 2}
            window: {size: 100, hop: 25}
            normalize: zscore
            model: {path: "{{modelPath}}", input_layout: NCL, output: probability}
            alert: {threshold: 0.4, raise_after: 2, of_last: 3, clear_below: 0.3, clear_after: 2, cooldown_s: 0}
        {{extraStreamKeys}}
        """;

    public string Path_(string name) => Path.Combine(Folder, name);

    /// <summary>Writes a CSV of <paramref name="sensors"/> sensors × <paramref name="rows"/> rows at 100 Hz, two channels, interleaved or grouped.</summary>
    public string WriteRecording(string name, int sensors, int rows, bool interleaved)
    {
        var text = new StringBuilder("sensor,t_ms,ch0,ch1\n");
        var lines = new List<(int Sensor, int Row)>();
        for (var sensor = 0; sensor < sensors; sensor++)
        {
            for (var row = 0; row < rows; row++)
            {
                lines.Add((sensor, row));
            }
        }

        if (interleaved)
        {
            lines = [.. lines.OrderBy(line => line.Row).ThenBy(line => line.Sensor)];
        }

        foreach (var (sensor, row) in lines)
        {
            var t = row / 100.0;
            var value = Math.Sin(2 * Math.PI * (1 + sensor) * t) + (0.5 * Math.Sin(2 * Math.PI * 7 * t));
            text.Append(CultureInfo.InvariantCulture, $"ecg-{sensor},{1_700_000_000_000 + (row * 10)},{value:R},{-value:R}\n");
        }

        var path = Path_(name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

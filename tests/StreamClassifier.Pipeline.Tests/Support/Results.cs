using System.Globalization;

using StreamClassifier.Core.Records;
using StreamClassifier.Pipeline.Events;

namespace StreamClassifier.Pipeline.Tests.Support;

/// <summary>Windows and alerts of a run in a comparable form, per sensor in event order.</summary>
public static class Results
{
    public static Dictionary<string, List<string>> PerSensor(IEnumerable<PipelineEvent> events, bool withValues = true)
    {
        var results = new Dictionary<string, List<string>>();
        foreach (var e in events)
        {
            var (sensor, text) = e switch
            {
                WindowScored scored => (scored.Score.Window.SensorId, Describe(scored.Score, withValues)),
                AlertEmitted alert => (alert.Alert.Sensor, Describe(alert.Alert)),
                _ => (null, null),
            };
            if (sensor is null)
            {
                continue;
            }

            if (!results.TryGetValue(sensor, out var list))
            {
                results[sensor] = list = [];
            }

            list.Add(text!);
        }

        return results;
    }

    public static string Describe(WindowScore score, bool withValues)
    {
        var window = score.Window;
        var text = string.Create(CultureInfo.InvariantCulture, $"window {window.SensorId} [{window.StartIndex},{window.EndIndex}) {window.StartMs:F6}..{window.EndMs:F6} score {score.Score:F5} by {score.ModelName}");
        return withValues ? text + " values " + string.Join(",", window.Values.Select(v => v.ToString("F5", CultureInfo.InvariantCulture))) : text;
    }

    public static string Describe(AlertRecord alert) =>
        string.Create(CultureInfo.InvariantCulture, $"alert {alert.AlertId} score {alert.Score:F5} threshold {alert.Threshold} [{alert.WindowStartMs},{alert.WindowEndMs}) {alert.Model}/{alert.ModelVersion} {alert.Topology}");

    public static void Equal(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (sensor, list) in expected)
        {
            Assert.Equal(list, actual[sensor]);
        }
    }

    /// <summary>Interleaves chunk sequences round-robin (each keeps its own order).</summary>
    public static List<SampleChunk> Interleave(params IEnumerable<SampleChunk>[] sequences)
    {
        var enumerators = sequences.Select(s => s.GetEnumerator()).ToList();
        var output = new List<SampleChunk>();
        var random = new Random(5);
        while (enumerators.Count > 0)
        {
            var index = random.Next(enumerators.Count);
            if (enumerators[index].MoveNext())
            {
                output.Add(enumerators[index].Current);
            }
            else
            {
                enumerators[index].Dispose();
                enumerators.RemoveAt(index);
            }
        }

        return output;
    }
}

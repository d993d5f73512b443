using System.Globalization;
using System.Text;
using StreamClassifier.Trainer.Data.Recordings;

namespace StreamClassifier.Trainer.Tests.Recordings;

/// <summary>
/// Generated recordings as a user would have them: three-channel sensors at 100 Hz in several CSV files
/// (sensors interleaved by time), each sensor with gaps of 2–6 s, and an events file. During a "fault"
/// event channel 2 carries a 7 Hz oscillation (the planted pattern); during a "maintenance" event
/// channel 0 carries it (a labelled distractor: the same oscillation on the wrong channel is not a
/// fault, so a model or pipeline that mixes up channels fails). Channel 2 drifts slowly (the
/// topology's high-pass removes it).
/// </summary>
internal sealed class PlantedPatternRecordings
{
    public const double RateHz = 100;
    private const double SecondsPerSensor = 240;
    private const double T0Ms = 1_700_000_000_000;

    private PlantedPatternRecordings(IReadOnlyDictionary<string, string[]> files, IReadOnlyList<LabelledEvent> events, IReadOnlyDictionary<string, IReadOnlyList<(double StartMs, double EndMs)>> gaps)
    {
        SensorsByFile = files;
        Events = events;
        Gaps = gaps;
    }

    /// <summary>File name → the sensors it holds.</summary>
    public IReadOnlyDictionary<string, string[]> SensorsByFile { get; }

    /// <summary>Every event, all sensors.</summary>
    public IReadOnlyList<LabelledEvent> Events { get; }

    /// <summary>Per sensor, the stretches with no samples.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(double StartMs, double EndMs)>> Gaps { get; }

    /// <summary>Writes <c>recordings/site-a.csv</c>, <c>site-b.csv</c>, <c>heldout.csv</c> and <c>events.csv</c> under <paramref name="folder"/>.</summary>
    public static PlantedPatternRecordings Write(string folder, int seed)
    {
        var random = new Random(seed);
        var files = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["site-a.csv"] = ["pump-01", "pump-02", "pump-03", "pump-04"],
            ["site-b.csv"] = ["pump-05", "pump-06"],
            ["heldout.csv"] = ["pump-07", "pump-08"],
        };
        var events = new List<LabelledEvent>();
        var gaps = new Dictionary<string, IReadOnlyList<(double, double)>>(StringComparer.Ordinal);
        Directory.CreateDirectory(Path.Combine(folder, "recordings"));
        foreach (var (file, sensors) in files)
        {
            var rows = new List<(double TimeMs, string Line)>();
            foreach (var sensor in sensors)
            {
                var (sensorEvents, sensorGaps) = Plan(sensor, random);
                events.AddRange(sensorEvents);
                gaps[sensor] = sensorGaps;
                rows.AddRange(Rows(sensor, sensorEvents, sensorGaps, random));
            }

            var text = new StringBuilder("sensor,t_ms,ch0,ch1,ch2\n");
            foreach (var (_, line) in rows.OrderBy(row => row.TimeMs))
            {
                text.Append(line).Append('\n');
            }

            File.WriteAllText(Path.Combine(folder, "recordings", file), text.ToString());
        }

        var eventsText = new StringBuilder("sensor,start_ms,end_ms,label\n");
        foreach (var labelled in events)
        {
            eventsText.Append(CultureInfo.InvariantCulture, $"{labelled.Sensor},{labelled.StartMs:0},{labelled.EndMs:0},{labelled.Label}\n");
        }

        File.WriteAllText(Path.Combine(folder, "events.csv"), eventsText.ToString());
        return new PlantedPatternRecordings(files, events, gaps);
    }

    /// <summary>Six faults and two maintenance events at least 8 s apart, and two gaps, none overlapping.</summary>
    private static (List<LabelledEvent> Events, List<(double StartMs, double EndMs)> Gaps) Plan(string sensor, Random random)
    {
        var taken = new List<(double Start, double End)>();
        bool Free(double start, double end) => taken.All(span => end + 8_000 <= span.Start || start >= span.End + 8_000);
        (double, double) Place(double minMs, double maxMs)
        {
            while (true)
            {
                var length = minMs + (random.NextDouble() * (maxMs - minMs));
                var start = Math.Round(10_000 + (random.NextDouble() * ((SecondsPerSensor * 1000) - 20_000 - length)));
                var end = Math.Round(start + length);
                if (Free(start, end))
                {
                    taken.Add((start, end));
                    return (T0Ms + start, T0Ms + end);
                }
            }
        }

        var gaps = Enumerable.Range(0, 2).Select(_ => Place(2_000, 6_000)).OrderBy(gap => gap.Item1).ToList();
        var events = new List<LabelledEvent>();
        events.AddRange(Enumerable.Range(0, 6).Select(_ => Place(4_000, 8_000)).Select(span => new LabelledEvent(sensor, span.Item1, span.Item2, "fault")));
        events.AddRange(Enumerable.Range(0, 2).Select(_ => Place(4_000, 8_000)).Select(span => new LabelledEvent(sensor, span.Item1, span.Item2, "maintenance")));
        return ([.. events.OrderBy(labelled => labelled.StartMs)], gaps);
    }

    private static IEnumerable<(double TimeMs, string Line)> Rows(string sensor, List<LabelledEvent> events, List<(double StartMs, double EndMs)> gaps, Random random)
    {
        var baseHz = 0.8 + (random.NextDouble() * 0.8);
        var phase = random.NextDouble() * Math.Tau;
        var count = (int)(SecondsPerSensor * RateHz);
        var rows = new List<(double, string)>(count);
        for (var index = 0; index < count; index++)
        {
            var timeMs = T0Ms + (index * 1000 / RateHz);
            if (gaps.Any(gap => timeMs >= gap.StartMs && timeMs < gap.EndMs))
            {
                continue;
            }

            var seconds = index / RateHz;
            var fault = events.Any(labelled => labelled.Label == "fault" && timeMs >= labelled.StartMs && timeMs < labelled.EndMs);
            var maintenance = events.Any(labelled => labelled.Label == "maintenance" && timeMs >= labelled.StartMs && timeMs < labelled.EndMs);
            var burst = Math.Sin(Math.Tau * 7 * seconds);
            var ch0 = Math.Sin((Math.Tau * baseHz * seconds) + phase) + (maintenance ? 0.8 * burst : 0) + Noise(random);
            var ch1 = (0.5 * Math.Sin((Math.Tau * 0.3 * seconds) + phase)) + Noise(random);
            var ch2 = 10 + (0.02 * seconds) + (fault ? 0.8 * burst : 0) + Noise(random);
            rows.Add((timeMs, string.Create(CultureInfo.InvariantCulture, $"{sensor},{timeMs:0},{ch0:0.####},{ch1:0.####},{ch2:0.####}")));
        }

        return rows;
    }

    private static double Noise(Random random) => 0.3 * ((random.NextDouble() + random.NextDouble() + random.NextDouble()) - 1.5);
}

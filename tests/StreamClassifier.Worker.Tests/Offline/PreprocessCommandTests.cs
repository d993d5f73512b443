using System.Globalization;
using StreamClassifier.Core.Topology;
using StreamClassifier.Dsp.Filters;
using StreamClassifier.Worker.Commands;

namespace StreamClassifier.Worker.Tests.Offline;

public sealed class PreprocessCommandTests : IDisposable
{
    private readonly OfflineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Output_is_the_stream_filter_chain_applied_per_sensor_with_the_input_timestamps()
    {
        var input = fixture.WriteRecording("in.csv", sensors: 2, rows: 300, interleaved: true);
        var output = fixture.Path_("filtered.csv");

        var exit = PreprocessCommand.Run(fixture.TopologyPath, input, output, TextWriter.Null);

        Assert.Equal(CommandErrors.Success, exit);
        var lines = File.ReadAllLines(output);
        Assert.Equal("sensor,t_ms,ch0", lines[0]);
        Assert.Equal(601, lines.Length);

        // The same filter, run directly over sensor 1's channel 0, gives the same values in the same order.
        var inputRows = File.ReadAllLines(input).Skip(1).Select(line => line.Split(',')).ToList();
        var sensorRows = inputRows.Where(fields => fields[0] == "ecg-1").ToList();
        var expected = sensorRows.Select(fields => double.Parse(fields[2], CultureInfo.InvariantCulture)).ToArray();
        var chain = FilterChain.Create([FilterSpec.Bandpass(0.5, 20, 2)], 100);
        chain.CreateState(1).Process(expected);

        var actualRows = lines.Skip(1).Select(line => line.Split(',')).Where(fields => fields[0] == "ecg-1").ToList();
        Assert.Equal(sensorRows.Select(fields => double.Parse(fields[1], CultureInfo.InvariantCulture)), actualRows.Select(fields => double.Parse(fields[1], CultureInfo.InvariantCulture)));
        var actual = actualRows.Select(fields => double.Parse(fields[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }
}

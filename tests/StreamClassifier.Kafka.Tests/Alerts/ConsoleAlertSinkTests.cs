using StreamClassifier.Core.Records;
using StreamClassifier.Kafka.Alerts;

namespace StreamClassifier.Kafka.Tests.Alerts;

public class ConsoleAlertSinkTests
{
    private static readonly AlertRecord Alert = new()
    {
        AlertId = "ecg-1/2000/raised", Sensor = "ecg-1", State = "raised", Score = 0.91, Threshold = 0.5, Model = "m", ModelVersion = "3",
        WindowStartMs = 1000, WindowEndMs = 2000, EmittedAtMs = 2100, Topology = "t",
    };

    [Fact]
    public void For_people_an_alert_is_one_readable_line()
    {
        using var output = new StringWriter();
        using (var sink = new ConsoleAlertSink(output))
        {
            sink.Write(Alert);
        }

        Assert.Equal("ALERT raised  ecg-1 score=0.910 threshold=0.500 window_end_ms=2000 model=m/3 id=ecg-1/2000/raised" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void For_json_logs_an_alert_is_its_wire_form_on_one_line()
    {
        using var output = new StringWriter();
        using (var sink = new ConsoleAlertSink(output, json: true))
        {
            sink.Write(Alert);
        }

        var line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Alert, AlertJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(line)));
        Assert.StartsWith("{\"alert_id\":\"ecg-1/2000/raised\",\"sensor\":\"ecg-1\",\"state\":\"raised\",\"score\":0.91,", line, StringComparison.Ordinal);
    }
}

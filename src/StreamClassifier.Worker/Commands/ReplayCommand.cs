using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Spectre.Console;
using StreamClassifier.Core.Topology;
using StreamClassifier.Kafka.Replay;

namespace StreamClassifier.Worker.Commands;

/// <summary><c>streamclassifier replay</c>: publishes a recording as sensor records.</summary>
internal static class ReplayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port[,host:port]).", Required = true }.NotBlank("localhost:9092");
        var topic = new Option<string>("--topic") { Description = "Topic to publish to.", Required = true }.NotBlank("sensors.ecg");
        var input = new Option<FileInfo?>("--input") { Description = "Recording CSV: header sensor,t_ms,ch0[,ch1...], one row per sample, sensors interleaved. Either this or --mitbih." };
        var mitbih = new Option<string?>("--mitbih") { Description = "A WFDB (MIT-BIH) record path, e.g. datasets/mitdb/106; published as sensor ecg-<record> (see --sensor). Either this or --input." };
        var sensor = new Option<string?>("--sensor") { Description = "Sensor id for --mitbih (default ecg-<record name>)." };
        var startMs = new Option<double>("--start-ms") { Description = "Time of the first --mitbih sample, ms since the Unix epoch.", DefaultValueFactory = _ => 0 };
        var skipSeconds = new Option<double>("--skip-seconds") { Description = "With --mitbih: leave out the record's first N seconds (the rest keeps its timestamps on the record's timeline).", DefaultValueFactory = _ => 0 }.AtLeast(0.0);
        var seconds = new Option<double?>("--seconds") { Description = "With --mitbih: publish only N seconds (default: to the end of the record)." }.Positive();
        var rate = new Option<double?>("--rate-hz") { Description = "Sample rate of every CSV sensor (default: inferred per sensor from all its timestamps, exact despite rounded timestamps when the recording is long enough; check the rate replay prints)." }.Positive();
        var format = new Option<string>("--format") { Description = "Record format: json or protobuf.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "protobuf");
        var chunk = new Option<int>("--chunk") { Description = "Samples per record.", DefaultValueFactory = _ => 250 };
        var speed = new Option<double>("--speed") { Description = "Multiple of real time; 0 = as fast as possible.", DefaultValueFactory = _ => 0 }.AtLeast(0.0, " (0 = as fast as possible)");
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar; print only the summary." };

        var command = new Command("replay", "Publish a recording as sensor records keyed by sensor id; exits once the broker acknowledged every record.")
        {
            bootstrap, topic, input, mitbih, sensor, startMs, skipSeconds, seconds, rate, format, chunk, speed, quiet,
        };
        command.SetAction(parse =>
        {
            var inputFile = parse.GetValue(input);
            var recordPath = parse.GetValue(mitbih);
            var samplesPerChunk = parse.GetValue(chunk);
            if (UsageError(inputFile, recordPath, parse.GetValue(seconds), parse.GetValue(skipSeconds), samplesPerChunk) is { } usageError)
            {
                Console.Error.WriteLine(usageError);
                return 2;
            }

            var (recording, readExitCode) = ReadRecording(() => inputFile is not null
                ? RecordingCsv.Read(inputFile.FullName, samplesPerChunk, parse.GetValue(rate))
                : WfdbRecording.Read(recordPath!, parse.GetValue(sensor), parse.GetValue(startMs), samplesPerChunk, parse.GetValue(skipSeconds), parse.GetValue(seconds)));
            if (recording is null)
            {
                return readExitCode;
            }

            if (inputFile is not null && parse.GetValue(rate) is null)
            {
                ReportInferredRates(recording);
            }

            var recordFormat = parse.GetValue(format) == "protobuf" ? RecordFormat.Protobuf : RecordFormat.Json;
            return Publish(recording, parse.GetValue(bootstrap)!, parse.GetValue(topic)!, recordFormat, parse.GetValue(speed), parse.GetValue(quiet));
        });
        return command;
    }

    /// <summary>The message for options that do not go together, or null when they do.</summary>
    private static string? UsageError(FileInfo? inputFile, string? recordPath, double? seconds, double skipSeconds, int samplesPerChunk)
    {
        if ((inputFile is null) == (recordPath is null))
        {
            return "error: replay: give exactly one of --input rec.csv or --mitbih RECORD_PATH.";
        }

        if (inputFile is not null && (seconds is not null || skipSeconds != 0))
        {
            return "error: replay: --seconds and --skip-seconds apply to --mitbih records only; cut a CSV recording before replaying it.";
        }

        return samplesPerChunk < 1 ? $"error: replay: --chunk must be at least 1 sample, got {samplesPerChunk}." : null;
    }

    /// <summary>The recording, or null with the exit code after saying why it could not be read.</summary>
    private static (Recording? Recording, int ExitCode) ReadRecording(Func<Recording> read)
    {
        try
        {
            return (read(), 0);
        }
        catch (ArgumentOutOfRangeException exception)
        {
            Console.Error.WriteLine($"error: replay: {exception.Message.Split(" (Parameter", 2)[0]}");
            return (null, 2);
        }
        catch (Exception exception) when (exception is FormatException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: replay: cannot read the recording: {exception.Message}");
            return (null, 1);
        }
    }

    /// <summary>The worker dead-letters records whose rate differs from the stream rule's, so replay shows what it inferred.</summary>
    private static void ReportInferredRates(Recording recording)
    {
        var inferred = recording.Chunks.GroupBy(chunk => chunk.SampleRateHz)
            .Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Select(chunk => chunk.SensorId).Distinct(StringComparer.Ordinal).Count()} sensor(s) at {group.Key} Hz"));
        Console.Out.WriteLine($"replay: sample rate inferred from the timestamps: {string.Join(", ", inferred)} (--rate-hz states it instead).");
    }

    /// <summary>Publishes the recording until every record is acknowledged (or Ctrl+C) and prints the summary; the exit code.</summary>
    private static int Publish(Recording recording, string bootstrap, string topic, RecordFormat format, double speed, bool quiet)
    {
        var publisher = new ReplayPublisher(bootstrap) { Warning = message => Console.Error.WriteLine($"replay: warning: {message}") };
        using var shutdown = new ShutdownSignal();
        long acknowledged;
        try
        {
            acknowledged = quiet || Console.IsOutputRedirected
                ? publisher.Publish(recording, topic, format, speed, null, shutdown.Token)
                : PublishWithProgress(publisher, recording, topic, format, speed, shutdown.Token);
        }
        catch (KafkaException exception)
        {
            Console.Error.WriteLine($"error: replay: the broker did not acknowledge a record: {exception.Error.Reason} ({exception.Error.Code}). Check --bootstrap and that the topic accepts writes.");
            return 1;
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: {acknowledged} of {recording.Chunks.Count} records acknowledged ({recording.SampleCount} samples, {recording.Sensors.Count} sensor(s)) on {topic}."));
        return acknowledged == recording.Chunks.Count ? 0 : 1;
    }

    private static long PublishWithProgress(ReplayPublisher publisher, Recording recording, string topic, RecordFormat format, double speed, CancellationToken cancellationToken) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{topic}: {recording.Chunks.Count} records", maxValue: recording.Chunks.Count);
                return publisher.Publish(recording, topic, format, speed, new SynchronousProgress(task), cancellationToken);
            });

    /// <summary>Updates the bar from the delivery thread directly (Progress&lt;T&gt; would post to a context that never runs here).</summary>
    private sealed class SynchronousProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}

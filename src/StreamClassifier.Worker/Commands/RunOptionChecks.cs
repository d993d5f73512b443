using System.Globalization;
using StreamClassifier.Worker.Telemetry;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// What <c>run</c> refuses in its options (and the environment variables behind their defaults)
/// before anything starts: each problem is one line naming the option, the value and what to pass.
/// Values are refused rather than adjusted, so the worker never runs with a setting nobody chose.
/// </summary>
internal static class RunOptionChecks
{
    /// <summary>The shortest commit interval: below it the commits themselves load the broker more than the work.</summary>
    public const int MinCommitIntervalMs = 50;

    /// <summary>The shortest model-file comparison interval (file-system events cover the rest).</summary>
    public const double MinModelPollSeconds = 1;

    /// <summary>The first problem with the options, or null when they are usable.</summary>
    public static string? Problem(string? bootstrap, string instanceId, int commitIntervalMs, string? listen, double modelPollSeconds)
    {
        if (bootstrap is not null && string.IsNullOrWhiteSpace(bootstrap))
        {
            return "--bootstrap is empty; pass host:port[,host:port] of the Kafka brokers, or leave it out to use the topology's source.kafka.bootstrap.";
        }

        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return $"--instance-id is empty ('{instanceId}', from --instance-id or STREAMCLASSIFIER_INSTANCE); pass a stable id such as the pod or host name.";
        }

        if (commitIntervalMs < MinCommitIntervalMs)
        {
            return $"--commit-interval-ms {commitIntervalMs.ToString(CultureInfo.InvariantCulture)} is below {MinCommitIntervalMs.ToString(CultureInfo.InvariantCulture)}; pass at least {MinCommitIntervalMs.ToString(CultureInfo.InvariantCulture)} (default 1000).";
        }

        if (!double.IsFinite(modelPollSeconds) || modelPollSeconds < MinModelPollSeconds || modelPollSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return $"--model-poll-s {modelPollSeconds.ToString(CultureInfo.InvariantCulture)} is not a number of seconds of at least {MinModelPollSeconds.ToString(CultureInfo.InvariantCulture)}; pass e.g. 15 (the default).";
        }

        if (listen is not null)
        {
            try
            {
                ListenAddress.Parse(listen);
            }
            catch (FormatException exception)
            {
                return exception.Message.Replace("telemetry.listen:", "--listen:", StringComparison.Ordinal);
            }
        }

        return null;
    }
}
